package nl.sluis.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.time.Instant;
import nl.sluis.disclosure.engine.Weighing;
import nl.sluis.disclosure.engine.WeighingType;
import nl.sluis.testsupport.WeighingRecords;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A weighing record read into the engine's Weighing: its kind, completeness and each condition. */
class WeighingsTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final String AUTHORED = "2026-11-22T09:00:00+01:00";

  private static QuestionnaireResponse parse(String json) {
    return FHIR.newJsonParser().parseResource(QuestionnaireResponse.class, json);
  }

  private static Weighing read(String json) {
    return Weighings.toWeighing("QuestionnaireResponse/w1", parse(json), "01.035").orElseThrow();
  }

  @Test
  void aConflictOfDutiesAnsweringEveryConditionYesMeetsThem() {
    Weighing weighing = read(WeighingRecords.conflictOfDuties("p1", "PractitionerRole/r1", AUTHORED, "completed"));
    assertThat(weighing).isEqualTo(new Weighing("QuestionnaireResponse/w1", WeighingType.CONFLICT_OF_DUTIES, true,
        true, Instant.parse("2026-11-22T08:00:00Z"), "01.035"));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4})
  void eachConditionAnsweredNoIsNotMet(int condition) {
    boolean[] answers = {true, true, true, true, true};
    answers[condition] = false;
    String json = WeighingRecords.conflictOfDuties("p1", "PractitionerRole/r1", AUTHORED, "completed", answers);
    assertThat(read(json).allConditionsMet()).isFalse();
    assertThat(Weighings.unmetConditions(parse(json), WeighingType.CONFLICT_OF_DUTIES))
        .containsExactly(WeighingRecords.CONDITIONS.get(condition));
  }

  @Test
  void aConditionLeftUnansweredIsNotMet() {
    String json = WeighingRecords.conflictOfDuties("p1", "PractitionerRole/r1", AUTHORED, "completed")
        .replace("{\"valueBoolean\":true}", "");
    assertThat(read(json).allConditionsMet()).isFalse();
  }

  @Test
  void theKindFollowsTheGround() {
    assertThat(read(WeighingRecords.statutory("p1", "PractitionerRole/r1", AUTHORED, "legal-duty")).type())
        .isEqualTo(WeighingType.STATUTORY);
    assertThat(read(WeighingRecords.statutory("p1", "PractitionerRole/r1", AUTHORED, "right-to-report")).type())
        .isEqualTo(WeighingType.STATUTORY);
    Weighing interest = read(WeighingRecords.compellingInterest("p1", "PractitionerRole/r1", AUTHORED));
    assertThat(interest.type()).isEqualTo(WeighingType.COMPELLING_INTEREST);
    assertThat(interest.allConditionsMet()).isTrue();
  }

  @Test
  void aStatutoryWeighingWithoutItsBasisOrAnInterestLeftEmptyIsNotMet() {
    String noBasis = WeighingRecords.statutory("p1", "PractitionerRole/r1", AUTHORED, "legal-duty")
        .replace("\"linkId\":\"wettelijke-grondslag.basis\"", "\"linkId\":\"wettelijke-grondslag.toelichting\"");
    assertThat(Weighings.unmetConditions(parse(noBasis), WeighingType.STATUTORY))
        .containsExactly("wettelijke-grondslag.basis");
    String blank = WeighingRecords.compellingInterest("p1", "PractitionerRole/r1", AUTHORED)
        .replace("Acuut gevaar voor een derde", " ");
    assertThat(read(blank).allConditionsMet()).isFalse();
  }

  @Test
  void onlyCompletedOrAmendedCounts() {
    for (String status : new String[] {"in-progress", "stopped", "entered-in-error"}) {
      assertThat(read(WeighingRecords.conflictOfDuties("p1", "PractitionerRole/r1", AUTHORED, status)).completed())
          .as(status).isFalse();
    }
    assertThat(read(WeighingRecords.conflictOfDuties("p1", "PractitionerRole/r1", AUTHORED, "amended")).completed())
        .isTrue();
  }

  @Test
  void aResponseNamingNoGroundIsNoWeighing() {
    String json = WeighingRecords.compellingInterest("p1", "PractitionerRole/r1", AUTHORED)
        .replace("\"code\":\"compelling-interest\"", "\"code\":\"consent\"");
    assertThat(Weighings.toWeighing("QuestionnaireResponse/w1", parse(json), "01.035")).isEmpty();
    assertThat(Weighings.isWeighing(parse(json))).isTrue();
    assertThat(Weighings.isWeighing(new QuestionnaireResponse()
        .setQuestionnaire("http://sluis.nl/fhir/Questionnaire/inschatting-situatie-risicos"))).isFalse();
  }

  @Test
  void aConsentDatedByTheDayAloneCountsUntilTheEndOfThatDay() {
    java.time.ZoneId amsterdam = java.time.ZoneId.of("Europe/Amsterdam");
    assertThat(ConsentMapping.recorded(new org.hl7.fhir.r4.model.DateTimeType("2026-11-22"), amsterdam))
        .isEqualTo(Instant.parse("2026-11-22T22:59:59.999Z"));
    assertThat(ConsentMapping.recorded(new org.hl7.fhir.r4.model.DateTimeType("2026-11-22T09:30:00+01:00"), amsterdam))
        .isEqualTo(Instant.parse("2026-11-22T08:30:00Z"));
  }
}
