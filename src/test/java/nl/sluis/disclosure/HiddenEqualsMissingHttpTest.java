package nl.sluis.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import nl.sluis.testsupport.Bsns;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * The differential harness: for every path in {@link DisclosurePaths} and every kind of restricted requester,
 * the answer about a record the requester may not see equals, byte for byte after masking ids and times, the
 * answer about a record that does not exist. docs/security.md lists the same paths; a new path gets a row in
 * both.
 */
class HiddenEqualsMissingHttpTest extends PostgresServerTest {

  /** What the requester asks about: a record (and its client) it may not see, or one that does not exist. */
  private record Target(String observation, String patient, String response, String bsn) {
  }

  /** Ids, times and server-made ids differ between any two answers; nothing else may. */
  private static final List<Pattern> VOLATILE = List.of(
      Pattern.compile("\"lastUpdated\":\"[^\"]*\""),
      Pattern.compile("\"id\":\"[0-9a-f]{8}-[0-9a-f-]{27}\""),
      Pattern.compile("_getpages=[^&\"]*"),
      Pattern.compile("\"timestamp\":\"[^\"]*\""),
      Pattern.compile("\"fullUrl\":\"urn:uuid:[^\"]*\""),
      Pattern.compile("\"source\":\"[^\"]*\""),
      Pattern.compile("\"lastModified\":\"[^\"]*\""),
      Pattern.compile("Took \\d+ms"));
  /** Where an answer names a record a probe created (a conditional write without a visible match creates one). */
  private static final Pattern CREATED = Pattern.compile("(?:\"location\":\"|/fhir/)[A-Z][A-Za-z]+/([^/\"]+)/_history/");
  /** Ids the server made for records a probe created (a conditional write without a visible match creates one). */
  private static final Pattern MADE_HERE = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /** Every operation and interaction the server advertises has a row in docs/security.md's path table. */
  @Test
  void everyAdvertisedPathIsListedInTheSecurityDocument() throws java.io.IOException {
    String document = java.nio.file.Files.readString(java.nio.file.Path.of("docs/security.md"));
    String paths = document.substring(document.indexOf("## Disclosure paths"), document.indexOf("### Paging"));
    org.hl7.fhir.r4.model.CapabilityStatement capabilities = ca.uhn.fhir.context.FhirContext.forR4Cached()
        .newJsonParser().parseResource(org.hl7.fhir.r4.model.CapabilityStatement.class,
            anonymous().get("/fhir/metadata").body());
    java.util.Set<String> advertised = new java.util.TreeSet<>();
    for (var rest : capabilities.getRest()) {
      rest.getOperation().forEach(operation -> advertised.add("$" + operation.getName()));
      rest.getInteraction().forEach(interaction -> advertised.add(interaction.getCode().toCode()));
      for (var resource : rest.getResource()) {
        resource.getOperation().forEach(operation -> advertised.add("$" + operation.getName()));
        resource.getInteraction().forEach(interaction -> advertised.add(interaction.getCode().toCode()));
      }
    }
    assertThat(advertised).isNotEmpty()
        .filteredOn(name -> !paths.contains(name.startsWith("$") ? "`" + name + "`" : name))
        .as("advertised by the server but not in docs/security.md's path table").isEmpty();
  }

  @Test
  void anExternalOrganisationWithoutAGround() {
    FhirHttp stranger = anonymous().withToken(TestTokens.token(DisclosureFixture.STRANGER_URA, "uzi-900000031",
        "01.015", "TREAT", "system/*.cruds", null));
    DisclosureFixture fixture = new DisclosureFixture(http(), Bsns.random());
    assertAlike(stranger, hiddenClientRecords(fixture), missing());
  }

  /** A deleted record the requester could never see: every path answers as for one that never existed (no 410). */
  @Test
  void aDeletedRecordTheRequesterCouldNotSee() {
    FhirHttp stranger = anonymous().withToken(TestTokens.token(DisclosureFixture.STRANGER_URA, "uzi-900000031",
        "01.015", "TREAT", "system/*.cruds", null));
    DisclosureFixture fixture = new DisclosureFixture(http(), Bsns.random());
    Target hidden = hiddenClientRecords(fixture);
    assertThat(http().delete("/fhir/Observation/" + hidden.observation()).statusCode()).isBetween(200, 204);
    assertAlike(stranger, hidden, missing());
  }

  /** The GP may receive the client's medication only: the Observation and the client are as good as missing. */
  @Test
  void anExternalOrganisationWithAConsentForOneDataCategory() {
    FhirHttp gp = anonymous().withToken(TestTokens.token(DisclosureFixture.GP_URA, "uzi-900000034", "01.015",
        "TREAT", "system/*.cruds", null));
    DisclosureFixture fixture = new DisclosureFixture(http(), Bsns.random());
    fixture.create("/fhir/MedicationStatement", DisclosureFixture.medicationStatement(fixture.patient, "lithium"));
    fixture.create("/fhir/Consent", fixture.consentForGp("active", DisclosureFixture.categories("medication")));
    assertAlike(gp, hiddenClientRecords(fixture), missing());
  }

  @Test
  void aProfessionalOutsideTheCareTeam() {
    FhirHttp outsider = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-900000032", "behandelaar",
        "TREAT", "user/*.cruds", null));
    DisclosureFixture fixture = new DisclosureFixture(http(), Bsns.random());
    assertAlike(outsider, hiddenClientRecords(fixture), missing());
  }

  /** In Dutch: a hidden and a missing record share each message key in every language, so they still answer alike. */
  @Test
  void aProfessionalOutsideTheCareTeamAskingInDutch() {
    FhirHttp outsider = anonymous().withToken(TestTokens.token(TestTokens.OWN_URA, "uzi-900000035", "behandelaar",
        "TREAT", "user/*.cruds", null)).withHeaders("Accept-Language", "nl-NL,nl;q=0.9,en;q=0.8");
    DisclosureFixture fixture = new DisclosureFixture(http(), Bsns.random());
    assertAlike(outsider, hiddenClientRecords(fixture), missing());
    HttpResponse<String> hidden = outsider.get("/fhir/Observation/" + fixture.sharedObservation);
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(hidden.body()).as("the answers compared were Dutch").contains("is niet bekend");
    assertThat(hidden.headers().firstValue("Content-Language")).hasValue("nl");
  }

  @Test
  void aNeedToKnowProfessionalAndVeryRestrictedRecords() {
    // psychiatrists have need-to-know (dev policy) but very restricted records only for named roles
    FhirHttp psychiatrist = anonymous().withToken(DisclosureFixture.psychiatristToken());
    DisclosureFixture fixture = new DisclosureFixture(http(), Bsns.random());
    // the client is the same visible one in both: only the record differs
    Target hidden = new Target(fixture.restrictedObservation, fixture.patient, restrictedResponse(fixture), fixture.bsn);
    Target missing = missing();
    assertAlike(psychiatrist, hidden, new Target(missing.observation(), fixture.patient, missing.response(),
        fixture.bsn));
  }

  @Test
  void anotherClientsApp() {
    DisclosureFixture fixture = new DisclosureFixture(http(), Bsns.random());
    FhirHttp app = anonymous().withToken(TestTokens.withClaims(Map.of("scope", "patient/*.cruds",
        "fhirUser", "Patient/" + fixture.otherPatient, "extensions", Map.of("hl7-b2b", Map.of("subject_id", "digid-7")))));
    assertAlike(app, hiddenClientRecords(fixture), missing());
  }

  private Target hiddenClientRecords(DisclosureFixture fixture) {
    return new Target(fixture.sharedObservation, fixture.patient, restrictedResponse(fixture), fixture.bsn);
  }

  private static Target missing() {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    return new Target("ontbreekt-" + tag, "ontbreekt-p-" + tag, "ontbreekt-r-" + tag, Bsns.random());
  }

  /** A very restricted QuestionnaireResponse about the fixture's client (for the operations on responses). */
  private String restrictedResponse(DisclosureFixture fixture) {
    return fixture.create("/fhir/QuestionnaireResponse", "{\"resourceType\":\"QuestionnaireResponse\",\"meta\":{"
        + "\"security\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-Confidentiality\",\"code\":\"V\"}]},"
        + "\"status\":\"completed\",\"subject\":{\"reference\":\"Patient/" + fixture.patient + "\"},\"authored\":\""
        + LocalDate.now() + "\"}");
  }

  private void assertAlike(FhirHttp requester, Target hidden, Target missing) {
    List<String> differences = new ArrayList<>();
    for (DisclosurePaths.Probe probe : DisclosurePaths.PROBES) {
      HttpResponse<String> forHidden = probe.send(requester, hidden.observation(), hidden.patient(), hidden.response(),
          hidden.bsn());
      HttpResponse<String> forMissing = probe.send(requester, missing.observation(), missing.patient(),
          missing.response(), missing.bsn());
      String a = masked(forHidden, hidden);
      String b = masked(forMissing, missing);
      if (!a.equals(b)) {
        differences.add(probe.name() + "\n  hidden:  " + brief(a) + "\n  missing: " + brief(b));
      }
      if (forHidden.statusCode() >= 500 || forMissing.statusCode() >= 500) {
        differences.add(probe.name() + ": server error " + forHidden.statusCode() + "/" + forMissing.statusCode());
      }
    }
    assertThat(differences).as("paths whose answer tells hidden from missing").isEmpty();
  }

  /** The status and the body, without the headers both share. */
  private static String brief(String masked) {
    String withoutHeaders = masked.replaceFirst(" \\{[^}]*\\} ", " ");
    return withoutHeaders.length() > 600 ? withoutHeaders.substring(0, 600) + "…" : withoutHeaders;
  }

  private static String masked(HttpResponse<String> response, Target target) {
    // volatile values first: a random Bundle UUID may contain a short numeric id as a substring
    String body = response.body();
    for (Pattern pattern : VOLATILE) {
      body = pattern.matcher(body).replaceAll("~");
    }
    // ids the server gave records this probe created: named as NEW (never the target's ids)
    java.util.Set<String> created = new java.util.HashSet<>();
    java.util.regex.Matcher made = CREATED.matcher(body + " " + response.headers().map().getOrDefault("location",
        List.of()) + " " + response.headers().map().getOrDefault("content-location", List.of()));
    while (made.find()) {
      created.add(made.group(1));
    }
    created.removeAll(List.of(target.observation(), target.patient(), target.response()));
    for (String id : created) {
      body = body.replaceAll("(?<=[/\"])" + Pattern.quote(id) + "(?=[/\"])", "NEW");
    }
    body = body.replace(target.observation(), "ID").replace(target.patient(), "PID").replace(target.response(), "RID")
        .replace(target.bsn(), "BSN");
    body = MADE_HERE.matcher(body).replaceAll("~");
    Map<String, String> headers = new TreeMap<>();
    response.headers().map().forEach((name, values) -> {
      String lower = name.toLowerCase();
      if (!List.of("date", "last-modified", "x-request-id", "content-length", "keep-alive", "connection")
          .contains(lower)) {
        String value = String.join(",", values).replaceAll("Bundle/[0-9a-f-]{36}", "Bundle/~");
        for (String id : created) {
          value = value.replaceAll("(?<=/)" + Pattern.quote(id) + "(?=/)", "NEW");
        }
        headers.put(lower, MADE_HERE.matcher(value.replace(target.observation(), "ID").replace(target.patient(), "PID"))
            .replaceAll("~"));
      }
    });
    return response.statusCode() + " " + headers + " " + body;
  }
}
