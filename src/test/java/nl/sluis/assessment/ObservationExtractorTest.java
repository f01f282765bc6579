package nl.sluis.assessment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import nl.sluis.assessment.ObservationExtractor.Finding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.Test;

/** The pure extraction rules on the package's Questionnaire and example assessment (no server). */
class ObservationExtractorTest {

  static final FhirContext FHIR = FhirContext.forR4Cached();

  static <T extends org.hl7.fhir.instance.model.api.IBaseResource> T read(Class<T> type, String file) throws Exception {
    return FHIR.newJsonParser().parseResource(type, Files.readString(Path.of("profiles").resolve(file)));
  }

  @Test
  void keysAreStableAndUniqueAndEveryFindingHasWhatTheProfileRequires() throws Exception {
    Questionnaire q = read(Questionnaire.class, "Questionnaire-inschatting-situatie-risicos.json");
    QuestionnaireResponse r = read(QuestionnaireResponse.class, "example/QuestionnaireResponse-inschatting-01.json");
    List<Finding> first = ObservationExtractor.extract(q, r, "QuestionnaireResponse/42");
    List<Finding> again = ObservationExtractor.extract(q, r, "QuestionnaireResponse/42");
    assertThat(first).extracting(Finding::key).doesNotHaveDuplicates()
        .containsExactlyElementsOf(again.stream().map(Finding::key).toList());
    assertThat(first).hasSize(20);
    for (Finding f : first) {
      Observation o = f.observation();
      assertThat(o.getIdentifierFirstRep().getValue()).isEqualTo("42/" + f.key());
      assertThat(o.getCode().getCoding()).allSatisfy(c -> assertThat(c.getSystem())
          .isEqualTo("http://sluis.nl/fhir/CodeSystem/assessment-finding"));
      assertThat(o.hasValue()).as(f.key()).isTrue();
      assertThat(o.getDerivedFromFirstRep().getReference()).isEqualTo("QuestionnaireResponse/42");
      assertThat(o.getMeta().getSecurity()).anySatisfy(c -> assertThat(c.getCode()).isEqualTo("V"));
    }
    assertThat(first).filteredOn(f -> f.key().startsWith("aandachtspunten/aandachtspunt-drivers/drijfveren"))
        .extracting(Finding::key).allSatisfy(k -> assertThat(k).contains("="));
  }

  /** The guidance asks for both sides: what contradicts the suspicion, triggers, and who protects the client. */
  @Test
  void counterSignalsTriggerFactorsAndProtectiveNetworkPersonsBecomeFindings() throws Exception {
    Questionnaire q = read(Questionnaire.class, "Questionnaire-inschatting-situatie-risicos.json");
    QuestionnaireResponse r = read(QuestionnaireResponse.class, "example/QuestionnaireResponse-inschatting-01.json");
    List<Observation> findings = ObservationExtractor.extract(q, r, "QuestionnaireResponse/7").stream()
        .map(Finding::observation).toList();
    assertThat(findings).filteredOn(o -> code(o).equals("counter-signal")).singleElement()
        .satisfies(o -> assertThat(o.getValueStringType().getValue()).startsWith("Hij keurt geweld nadrukkelijk af"));
    assertThat(findings).filteredOn(o -> code(o).equals("trigger-factor"))
        .extracting(o -> o.getValueCodeableConcept().getCodingFirstRep().getCode())
        .containsExactlyInAnyOrder("discrimination", "loss");
    assertThat(findings).filteredOn(o -> code(o).equals("network-person"))
        .extracting(o -> o.getValueCodeableConcept().getCodingFirstRep().getCode())
        .containsExactlyInAnyOrder("protective-factor", "risk-factor");
    assertThat(findings).filteredOn(o -> code(o).equals("next-step"))
        .extracting(o -> o.getValueCodeableConcept().getCodingFirstRep().getCode())
        .containsExactlyInAnyOrder("stay-in-contact", "talk-with-network");
    assertThat(findings).filteredOn(o -> List.of("counter-signal", "trigger-factor", "next-step").contains(code(o)))
        .hasSize(5).allSatisfy(o -> assertThat(o.getMeta().getSecurity()).extracting(c -> c.getCode())
            .contains("V", "PSY"));
  }

  /** Our marker is Sluis's own; a Questionnaire from elsewhere may carry HL7 SDC's, which means the same when true. */
  @Test
  void theSdcMarkerWithValueTrueIsReadLikeOurs() throws Exception {
    Questionnaire q = read(Questionnaire.class, "Questionnaire-inschatting-situatie-risicos.json");
    QuestionnaireResponse r = read(QuestionnaireResponse.class, "example/QuestionnaireResponse-inschatting-01.json");
    Questionnaire.QuestionnaireItemComponent vulnerability = q.getItem().stream()
        .filter(i -> i.getLinkId().equals("kwetsbaarheid")).findFirst().orElseThrow();
    assertThat(vulnerability.getExtensionByUrl(ObservationExtractor.OBSERVATION_EXTRACT)).isNotNull();
    vulnerability.removeExtension(ObservationExtractor.OBSERVATION_EXTRACT);
    assertThat(ObservationExtractor.extract(q, r, "QuestionnaireResponse/7")).hasSize(19);
    vulnerability.addExtension(ObservationExtractor.SDC_OBSERVATION_EXTRACT, new org.hl7.fhir.r4.model.BooleanType(true));
    assertThat(ObservationExtractor.extract(q, r, "QuestionnaireResponse/7")).hasSize(20);
  }

  private static String code(Observation observation) {
    return observation.getCode().getCodingFirstRep().getCode();
  }

  @Test
  void aResponseWithoutAuthorOrAMarkedItemWithoutCodeCannotBeExtracted() throws Exception {
    Questionnaire q = read(Questionnaire.class, "Questionnaire-inschatting-situatie-risicos.json");
    QuestionnaireResponse r = read(QuestionnaireResponse.class, "example/QuestionnaireResponse-inschatting-01.json");
    r.setAuthor(null);
    assertThatThrownBy(() -> ObservationExtractor.extract(q, r, "QuestionnaireResponse/1"))
        .isInstanceOf(ExtractionException.class).hasMessageContaining("author");
    QuestionnaireResponse ok = read(QuestionnaireResponse.class, "example/QuestionnaireResponse-inschatting-01.json");
    q.getItem().stream().filter(i -> i.getLinkId().equals("kwetsbaarheid")).findFirst().orElseThrow().setCode(null);
    assertThatThrownBy(() -> ObservationExtractor.extract(q, ok, "QuestionnaireResponse/1"))
        .isInstanceOf(ExtractionException.class).hasMessageContaining("kwetsbaarheid");
  }

  @Test
  void partialDatesCountFromTheirFirstOrLastDay() {
    assertThat(NetworkContactRule.firstDay("2010")).isEqualTo(LocalDate.of(2010, 1, 1));
    assertThat(NetworkContactRule.firstDay("2010-02")).isEqualTo(LocalDate.of(2010, 2, 1));
    assertThat(NetworkContactRule.firstDay("2010-02-14T10:00:00+01:00")).isEqualTo(LocalDate.of(2010, 2, 14));
    assertThat(NetworkContactRule.lastDay("2024-02")).isEqualTo(LocalDate.of(2024, 2, 29));
    assertThat(NetworkContactRule.lastDay("2024")).isEqualTo(LocalDate.of(2024, 12, 31));
  }
}
