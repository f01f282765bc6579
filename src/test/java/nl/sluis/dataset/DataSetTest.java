package nl.sluis.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generator's promises: deterministic bytes, valid unique BSNs, the GGZ age mix, consents by age. */
class DataSetTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final int CLIENTS = 3000;
  private static DataSet dataSet;
  private static List<GeneratedClient> clients;

  @BeforeAll
  static void generate() {
    dataSet = new DataSet(DataSetSpec.of(CLIENTS, 7), FHIR);
    clients = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      clients.add(dataSet.client(i));
    }
  }

  @Test
  void sameSpecGivesTheSameBytesAndAnotherSeedOthers() {
    List<DataSet.BundleFile> first = bundles(DataSetSpec.of(40, 42));
    List<DataSet.BundleFile> second = bundles(DataSetSpec.of(40, 42));
    List<DataSet.BundleFile> other = bundles(DataSetSpec.of(40, 43));
    assertThat(first).hasSizeGreaterThan(1);
    assertThat(second).hasSameSizeAs(first);
    for (int i = 0; i < first.size(); i++) {
      assertThat(second.get(i).name()).isEqualTo(first.get(i).name());
      assertThat(second.get(i).json()).as(first.get(i).name()).isEqualTo(first.get(i).json());
    }
    assertThat(other.get(1).json()).isNotEqualTo(first.get(1).json());
  }

  /** Same bytes on any machine: the JVM's time zone and locale do not leak into dates, ids or file names. */
  @Test
  void bytesDoNotDependOnTheMachinesTimeZoneOrLocale() {
    List<DataSet.BundleFile> here = bundles(DataSetSpec.of(40, 42));
    java.util.TimeZone zone = java.util.TimeZone.getDefault();
    java.util.Locale locale = java.util.Locale.getDefault();
    try {
      java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Pacific/Kiritimati"));
      java.util.Locale.setDefault(java.util.Locale.forLanguageTag("ar-EG-u-nu-arab"));
      List<DataSet.BundleFile> elsewhere = bundles(DataSetSpec.of(40, 42));
      assertThat(elsewhere).hasSameSizeAs(here);
      for (int i = 0; i < here.size(); i++) {
        assertThat(elsewhere.get(i).name()).isEqualTo(here.get(i).name());
        assertThat(elsewhere.get(i).json()).as(here.get(i).name()).isEqualTo(here.get(i).json());
      }
    } finally {
      java.util.TimeZone.setDefault(zone);
      java.util.Locale.setDefault(locale);
    }
  }

  @Test
  void bundlesStayUnderTheEntryLimitAndKeepEachClientWhole() {
    DataSetSpec spec = new DataSetSpec(200, 5, DataSetSpec.DEFAULT_AS_OF, "00000001", "00000002", 60);
    List<DataSet.BundleFile> files = bundles(spec);
    int entries = 0;
    for (DataSet.BundleFile file : files) {
      assertThat(file.entries()).isLessThanOrEqualTo(60);
      entries += file.entries();
    }
    DataSet set = new DataSet(spec, FHIR);
    int expected = set.organisationResources().size();
    for (int i = 0; i < 200; i++) {
      expected += set.client(i).resources().size();
    }
    assertThat(entries).isEqualTo(expected);
    assertThat(files.get(0).name()).isEqualTo("0-organisations.json");
    assertThat(files.get(1).name()).startsWith("1-professionals");
    assertThat(files.get(files.size() - 1).name()).startsWith("2-clients");
  }

  /**
   * The loader runs the files of one phase side by side: every reference must point into the same file or into a
   * file of an earlier phase (here with several professional bundles, as a large organisation has).
   */
  @Test
  void everyReferenceResolvesInTheSameFileOrAnEarlierPhase() {
    DataSetSpec spec = new DataSetSpec(2000, 3, DataSetSpec.DEFAULT_AS_OF, "00000001", "00000002", 50);
    java.util.Map<String, Integer> phaseOf = new java.util.HashMap<>();
    java.util.Map<String, String> fileOf = new java.util.HashMap<>();
    List<DataSet.BundleFile> files = bundles(spec);
    assertThat(files.stream().filter(f -> f.name().startsWith("1-"))).hasSizeGreaterThan(1);
    List<org.hl7.fhir.r4.model.Bundle> parsed = new ArrayList<>();
    for (DataSet.BundleFile file : files) {
      org.hl7.fhir.r4.model.Bundle bundle = FHIR.newJsonParser().parseResource(org.hl7.fhir.r4.model.Bundle.class,
          new String(file.json(), java.nio.charset.StandardCharsets.UTF_8));
      parsed.add(bundle);
      for (org.hl7.fhir.r4.model.Bundle.BundleEntryComponent entry : bundle.getEntry()) {
        String url = entry.getRequest().getUrl();
        phaseOf.put(url, Integer.parseInt(file.name().substring(0, 1)));
        fileOf.put(url, file.name());
      }
    }
    ca.uhn.fhir.util.FhirTerser terser = FHIR.newTerser();
    int checked = 0;
    for (int f = 0; f < files.size(); f++) {
      String name = files.get(f).name();
      int phase = Integer.parseInt(name.substring(0, 1));
      for (org.hl7.fhir.r4.model.Bundle.BundleEntryComponent entry : parsed.get(f).getEntry()) {
        for (Reference reference : terser.getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class)) {
          String target = reference.getReference();
          if (target == null) {
            continue; // a logical reference (the recipient by URA)
          }
          assertThat(phaseOf).as(name + " refers to " + target).containsKey(target);
          assertThat(fileOf.get(target).equals(name) || phaseOf.get(target) < phase)
              .as(name + " refers to " + target + " in " + fileOf.get(target)).isTrue();
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(10_000);
  }

  @Test
  void everyClientHasAUniqueElevenProofBsn() {
    Set<String> bsns = new HashSet<>();
    for (GeneratedClient client : clients) {
      assertThat(ElevenProof.isValid(client.bsn())).as(client.bsn()).isTrue();
      assertThat(client.patient().getIdentifierFirstRep().getValue()).isEqualTo(client.bsn());
      assertThat(bsns.add(client.bsn())).isTrue();
      client.resources().stream().filter(RelatedPerson.class::isInstance).map(RelatedPerson.class::cast)
          .forEach(person -> assertThat(person.getPatient().getReference())
              .isEqualTo("Patient/" + client.patient().getIdPart()));
    }
  }

  @Test
  void agesFollowTheGgzMixFrom8To90() {
    int[] perBand = new int[ClientGenerator.AGE_BANDS.length];
    for (GeneratedClient client : clients) {
      assertThat(client.ageAsOf()).isBetween(8, 90);
      assertThat(ClientGenerator.ageOn(client.birthDate(), DataSetSpec.DEFAULT_AS_OF)).isEqualTo(client.ageAsOf());
      for (int b = 0; b < perBand.length; b++) {
        int[] band = ClientGenerator.AGE_BANDS[b];
        if (client.ageAsOf() >= band[0] && client.ageAsOf() <= band[1]) {
          perBand[b]++;
        }
      }
    }
    for (int b = 0; b < perBand.length; b++) {
      double share = 1000.0 * perBand[b] / CLIENTS;
      assertThat(share).as("band " + ClientGenerator.AGE_BANDS[b][0] + "-" + ClientGenerator.AGE_BANDS[b][1])
          .isCloseTo(ClientGenerator.AGE_BANDS[b][2], org.assertj.core.data.Offset.offset(25.0));
    }
    assertThat(clients).anyMatch(c -> c.ageAsOf() <= 9).anyMatch(c -> c.ageAsOf() >= 85);
  }

  @Test
  void consentRuleByAge() {
    assertThat(ConsentRule.forAge(8)).isEqualTo(ConsentRule.PARENTS);
    assertThat(ConsentRule.forAge(11)).isEqualTo(ConsentRule.PARENTS);
    assertThat(ConsentRule.forAge(12)).isEqualTo(ConsentRule.CLIENT_AND_PARENTS);
    assertThat(ConsentRule.forAge(15)).isEqualTo(ConsentRule.CLIENT_AND_PARENTS);
    assertThat(ConsentRule.forAge(16)).isEqualTo(ConsentRule.CLIENT);
    assertThat(ConsentRule.forAge(90)).isEqualTo(ConsentRule.CLIENT);
  }

  /**
   * Under 12 only the parents with authority consent, 12-15 the client and the parents, 16+ the client alone — on
   * the consent's day and on the as-of day alike.
   */
  @Test
  void clientConsentsAreGivenByWhoTheAgeRuleRequires() {
    Set<ConsentRule> seen = new HashSet<>();
    for (GeneratedClient client : clients) {
      Consent consent = clientConsent(client);
      java.time.LocalDate day = java.time.LocalDate.parse(consent.getDateTimeElement().getValueAsString()
          .substring(0, 10));
      ConsentRule rule = ConsentRule.forAge(ClientGenerator.ageOn(client.birthDate(), day));
      assertThat(rule).as(client.patient().getIdPart()).isEqualTo(client.consentRule());
      assertThat(ConsentRule.forAge(client.ageAsOf())).isEqualTo(rule);
      seen.add(rule);
      String patient = "Patient/" + client.patient().getIdPart();
      List<String> performers = consent.getPerformer().stream().map(Reference::getReference).toList();
      assertThat(performers.contains(patient)).as(client.patient().getIdPart()).isEqualTo(rule.client());
      List<String> parents = client.resources().stream().filter(RelatedPerson.class::isInstance)
          .map(RelatedPerson.class::cast).filter(DataSetTest::hasAuthority)
          .map(p -> "RelatedPerson/" + p.getIdPart()).toList();
      if (rule.parents()) {
        assertThat(parents).isNotEmpty();
        assertThat(performers).containsAll(parents);
      }
      assertThat(performers).allMatch(p -> p.equals(patient) || (rule.parents() && parents.contains(p)));
      assertThat(consent.getProvision().getActorFirstRep().getReference().getIdentifier().getValue())
          .isEqualTo(DataSetSpec.DEFAULT_RECIPIENT_URA);
    }
    assertThat(seen).containsExactlyInAnyOrder(ConsentRule.values());
  }

  /**
   * A legal ground is recorded by a treatment lead (01.035, 25.061) and rests on a completed weighing of a right to
   * report by the same lead, written before it, which names the assessment.
   */
  @Test
  void legalGroundsAreRecordedByAnAllowedRoleOnTheirWeighing() {
    Set<String> leaders = new HashSet<>();
    dataSet.organisationResources().stream().filter(PractitionerRole.class::isInstance)
        .map(PractitionerRole.class::cast)
        .filter(r -> r.getCode().stream().flatMap(c -> c.getCoding().stream())
            .anyMatch(c -> Set.of("01.035", "25.061").contains(c.getCode())))
        .forEach(r -> leaders.add("PractitionerRole/" + r.getIdPart()));
    int grounds = 0;
    for (GeneratedClient client : clients) {
      for (Resource resource : client.resources()) {
        if (resource instanceof Consent consent && consent.getPolicyRule().getCodingFirstRep().getCode()
            .equals("right-to-report")) {
          grounds++;
          assertThat(consent.getPerformer()).hasSize(1);
          assertThat(leaders).contains(consent.getPerformerFirstRep().getReference());
          Extension deliberation = consent.getExtensionByUrl(Fhir.SLUIS_SD + "sluis-ext-Deliberation");
          String reference = ((Reference) deliberation.getValue()).getReference();
          int at = client.resources().indexOf(consent);
          org.hl7.fhir.r4.model.QuestionnaireResponse weighing = client.resources().subList(0, at).stream()
              .filter(r -> ("QuestionnaireResponse/" + r.getIdPart()).equals(reference))
              .map(org.hl7.fhir.r4.model.QuestionnaireResponse.class::cast).findFirst().orElseThrow();
          assertThat(weighing.getQuestionnaire()).endsWith("/afweging-wettelijke-grondslag");
          assertThat(weighing.getStatus().toCode()).isEqualTo("completed");
          assertThat(weighing.getItem().get(0).getAnswerFirstRep().getValueCoding().getCode())
              .isEqualTo("right-to-report");
          assertThat(weighing.getAuthor().getReference()).isEqualTo(consent.getPerformerFirstRep().getReference());
          assertThat(weighing.getAuthored()).isBeforeOrEqualTo(consent.getDateTime());
          String assessment = weighing.getItem().get(1).getAnswerFirstRep().getValueReference().getReference();
          assertThat(client.resources()).anyMatch(r -> ("QuestionnaireResponse/" + r.getIdPart()).equals(assessment)
              && r.getIdPart().endsWith("-inschatting"));
        }
      }
    }
    assertThat(grounds).isGreaterThan(0);
  }

  private static boolean hasAuthority(RelatedPerson person) {
    return person.getRelationship().stream().flatMap(c -> c.getCoding().stream())
        .anyMatch(c -> c.getSystem().equals(Fhir.CONTACT_ROLE) && c.getCode().equals("24"));
  }

  private static Consent clientConsent(GeneratedClient client) {
    return client.resources().stream().filter(Consent.class::isInstance).map(Consent.class::cast)
        .filter(c -> c.getPolicyRule().getCodingFirstRep().getCode().equals("consent")).findFirst().orElseThrow();
  }

  private static List<DataSet.BundleFile> bundles(DataSetSpec spec) {
    List<DataSet.BundleFile> files = new ArrayList<>();
    new DataSet(spec, FHIR).bundles(files::add);
    return files;
  }
}
