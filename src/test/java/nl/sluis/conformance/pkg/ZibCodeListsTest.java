package nl.sluis.conformance.pkg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Dutch code lists we ship are facts, not memory: every code and display in our value sets over zib code
 * systems equals the zib2020 package (nictiz.fhir.nl.r4.zib2020 0.12.0-beta.4), and so does every such coding in
 * the examples, and every UZI role code written as a string in the code and configuration. A wrong role code is a
 * disclosure defect (roles drive need-to-know and legal-ground permissions). Skipped, saying why, when the
 * package is absent ({@code ../shared/nl-core}).
 */
class ZibCodeListsTest {

  static final String UZI_ROLE = "http://fhir.nl/fhir/NamingSystem/uzi-rolcode";
  static final String CONTACT_ROLE = "urn:oid:2.16.840.1.113883.2.4.3.11.22.472";
  static final String EXTRA_ROLE = "urn:oid:2.16.840.1.113883.2.4.3.11.60.40.4.23.1";
  static final String ORGANIZATION_TYPE = "http://nictiz.nl/fhir/NamingSystem/organization-type";
  static final String V3_ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
  private static final String DECOR = "http://decor.nictiz.nl/fhir/ValueSet/";
  private static final String ROL_CODELIJST = DECOR + "2.16.840.1.113883.2.4.3.11.60.40.2.3.1.2--20200901000000";
  private static final String RELATIE_CODELIJST = DECOR + "2.16.840.1.113883.2.4.3.11.60.40.2.3.1.1--20200901000000";
  private static final String ORGANISATIE_TYPE_CODELIJST =
      DECOR + "2.16.840.1.113883.2.4.3.11.60.40.2.17.2.3--20200901000000";
  /** The v3-RoleCode codes we add to RelatieCodelijst (parent, guardian, friend, neighbour): checked against HL7. */
  private static final Set<String> RELATIONSHIP_ADDITIONS = Set.of("PRN", "GUARD", "FRND", "NBOR");

  private static ZibPackage zib;

  @BeforeAll
  static void readPackage() {
    assumeTrue(Files.isRegularFile(ZibPackage.zib2020Tgz()), "nl-core packages absent: ../shared/nl-core");
    zib = ZibPackage.read(ZibPackage.zib2020Tgz());
  }

  @Test
  void practitionerRoleHoldsEverySelectableUziRoleCodeWithItsZibDisplay() {
    Map<String, String> zibUzi = new TreeMap<>();
    for (JsonNode c : zib.byUrl(UZI_ROLE).path("concept")) {
      if (!notSelectable(c)) {
        zibUzi.put(c.path("code").asText(), c.path("display").asText());
      }
    }
    assertThat(zibUzi).containsEntry("01.015", "Huisarts").containsEntry("01.035", "Psychiater")
        .containsEntry("25.061", "Klinisch psycholoog").hasSizeGreaterThan(80);
    assertThat(concepts(ours("practitioner-role"), UZI_ROLE)).isEqualTo(zibUzi);
  }

  @Test
  void contactPersonRoleIsTheZibRolCodelijst() {
    JsonNode rolCodelijst = zib.byUrl(ROL_CODELIJST);
    for (String system : List.of(CONTACT_ROLE, EXTRA_ROLE)) {
      assertThat(concepts(ours("contact-person-role"), system)).as(system).isEqualTo(concepts(rolCodelijst, system))
          .isNotEmpty();
    }
    assertThat(concepts(ours("contact-person-role"), CONTACT_ROLE)).containsEntry("24", "Wettelijke vertegenwoordiger");
  }

  @Test
  void organizationTypeIsTheZibOrganisatieTypeCodelijst() {
    assertThat(concepts(ours("organization-type"), ORGANIZATION_TYPE))
        .isEqualTo(concepts(zib.byUrl(ORGANISATIE_TYPE_CODELIJST), ORGANIZATION_TYPE))
        .containsEntry("G5", "Geestelijke Gezondheidszorg");
  }

  @Test
  void contactPersonRelationshipIsTheZibRelatieCodelijstPlusHl7ParentAndGuardian() {
    JsonNode relatie = zib.byUrl(RELATIE_CODELIJST);
    JsonNode ours = ours("contact-person-relationship");
    for (String system : systems(relatie)) {
      Map<String, String> mine = new TreeMap<>(concepts(ours, system));
      RELATIONSHIP_ADDITIONS.forEach(mine::remove);
      assertThat(mine).as(system).isEqualTo(concepts(relatie, system));
    }
    Map<String, String> hl7 = hl7Concepts(V3_ROLE_CODE);
    Map<String, String> additions = new TreeMap<>(concepts(ours, V3_ROLE_CODE));
    additions.keySet().retainAll(RELATIONSHIP_ADDITIONS);
    assertThat(additions).hasSize(RELATIONSHIP_ADDITIONS.size());
    additions.forEach((code, display) -> assertThat(display).as(code).isEqualTo(hl7.get(code)));
  }

  /** Every coding from a zib code system in our (valid) examples and profiles exists there, with the zib display. */
  @Test
  void everyZibCodingInOurExamplesAndProfilesMatchesTheZibPackage() throws IOException {
    Map<String, Map<String, String>> lists = Map.of(
        UZI_ROLE, concepts(zib.byUrl(UZI_ROLE).path("concept")),
        CONTACT_ROLE, concepts(zib.byUrl(ROL_CODELIJST), CONTACT_ROLE),
        EXTRA_ROLE, concepts(zib.byUrl(ROL_CODELIJST), EXTRA_ROLE),
        ORGANIZATION_TYPE, concepts(zib.byUrl(ORGANIZATION_TYPE).path("concept")));
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(Hl7Validator.profilesDir())) {
      // example/invalid/ holds wrong codes on purpose (e.g. the UZI code 30.047, which does not exist)
      s.filter(p -> p.toString().endsWith(".json") && !p.startsWith(Examples.invalidDir())).sorted().forEach(files::add);
    }
    for (Path file : files) {
      List<JsonNode> codings = new ArrayList<>();
      collectCodings(Examples.read(file), codings);
      for (JsonNode coding : codings) {
        Map<String, String> list = lists.get(coding.path("system").asText());
        if (list == null || !coding.has("code")) {
          continue;
        }
        checked++;
        String code = coding.path("code").asText();
        if (!list.containsKey(code)) {
          wrong.add(file.getFileName() + ": " + coding.path("system").asText() + "|" + code + " does not exist");
        } else if (coding.has("display") && !coding.path("display").asText().equals(list.get(code))) {
          wrong.add(file.getFileName() + ": " + code + " '" + coding.path("display").asText() + "', zib2020 says '"
              + list.get(code) + "'");
        }
      }
    }
    assertThat(checked).isGreaterThan(10);
    assertThat(wrong).isEmpty();
  }

  /**
   * Role codes written as strings ({@code "01.035"}) in the code, tests, configuration and docs are real UZI role
   * codes. Catches a role constant in a test token or a dev policy drifting from the list.
   */
  @Test
  void everyUziRoleCodeWrittenInTheSourcesExists() throws IOException {
    Map<String, String> uzi = concepts(zib.byUrl(UZI_ROLE).path("concept"));
    Pattern quoted = Pattern.compile("\"(\\d{2}\\.\\d{3})\"");
    Pattern roleInProse = Pattern.compile("(?i)(?:role|rol|rolcode|--role) `?(\\d{2}\\.\\d{3})\\b");
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    Path project = Hl7Validator.projectDir();
    List<Path> files = new ArrayList<>();
    for (String root : List.of("src", "docs", "README.md")) {
      Path start = project.resolve(root);
      if (!Files.exists(start)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(start)) {
        s.filter(p -> p.toString().matches(".*\\.(java|yaml|yml|md)$")).sorted().forEach(files::add);
      }
    }
    for (Path file : files) {
      String text = Files.readString(file);
      for (Pattern p : List.of(quoted, roleInProse)) {
        Matcher m = p.matcher(text);
        while (m.find()) {
          checked++;
          if (!uzi.containsKey(m.group(1))) {
            wrong.add(project.relativize(file) + ": " + m.group(1));
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(20);
    assertThat(wrong).as("UZI role codes that do not exist in zib2020").isEmpty();
  }

  // ----------------------------------------------------------------------------------------------------- helpers

  private static JsonNode ours(String valueSetId) {
    return Examples.read(Hl7Validator.terminologyDir().resolve("ValueSet-" + valueSetId + ".json"));
  }

  /** code → display of a value set's enumerated concepts from one system (all includes of that system). */
  static Map<String, String> concepts(JsonNode valueSet, String system) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode include : valueSet.path("compose").path("include")) {
      if (include.path("system").asText().equals(system)) {
        out.putAll(concepts(include.path("concept")));
      }
    }
    return out;
  }

  private static Map<String, String> concepts(JsonNode conceptArray) {
    Map<String, String> out = new TreeMap<>();
    for (JsonNode c : conceptArray) {
      out.put(c.path("code").asText(), c.path("display").asText());
    }
    return out;
  }

  private static List<String> systems(JsonNode valueSet) {
    List<String> out = new ArrayList<>();
    valueSet.path("compose").path("include").forEach(i -> out.add(i.path("system").asText()));
    return out;
  }

  private static boolean notSelectable(JsonNode concept) {
    for (JsonNode p : concept.path("property")) {
      if (p.path("code").asText().equals("notSelectable") && p.path("valueBoolean").asBoolean()) {
        return true;
      }
    }
    return false;
  }

  /** Every object with a {@code system} and a {@code code}: codings, pattern codings, value set concepts' parents. */
  private static void collectCodings(JsonNode node, List<JsonNode> out) {
    if (node.isObject()) {
      if (node.has("system") && node.has("code") && node.path("code").isTextual()) {
        out.add(node);
      }
      node.elements().forEachRemaining(child -> collectCodings(child, out));
    } else if (node.isArray()) {
      node.forEach(child -> collectCodings(child, out));
    }
  }

  /** A code system of FHIR R4 core as HAPI ships it. */
  private static Map<String, String> hl7Concepts(String url) {
    CodeSystem cs = (CodeSystem) new DefaultProfileValidationSupport(FhirContext.forR4Cached()).fetchCodeSystem(url);
    Map<String, String> out = new LinkedHashMap<>();
    addAll(cs.getConcept(), out);
    return out;
  }

  private static void addAll(List<CodeSystem.ConceptDefinitionComponent> concepts, Map<String, String> out) {
    for (CodeSystem.ConceptDefinitionComponent c : concepts) {
      out.put(c.getCode(), c.getDisplay());
      addAll(c.getConcept(), out);
    }
  }

  static {
    // fail loudly rather than with a confusing NPE when the project layout changes
    if (!Files.isDirectory(Hl7Validator.terminologyDir())) {
      throw new UncheckedIOException(new IOException("no terminology folder at " + Hl7Validator.terminologyDir()));
    }
  }
}
