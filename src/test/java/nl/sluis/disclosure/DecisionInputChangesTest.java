package nl.sluis.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.junit.jupiter.api.Test;

/** Which writes invalidate which cached decision inputs. */
class DecisionInputChangesTest {

  @Test
  void clientRecordsMarkTheirClient() {
    Patient patient = new Patient();
    patient.setId("Patient/p1/_history/3");
    assertThat(DecisionInputChanges.scopes(patient)).containsExactly("Patient/p1");
    assertThat(DecisionInputChanges.scopes(new CareTeam().setSubject(new Reference("Patient/p2"))))
        .containsExactly("Patient/p2");
    assertThat(DecisionInputChanges.scopes(new RelatedPerson().setPatient(new Reference("Patient/p3"))))
        .containsExactly("Patient/p3");
    assertThat(DecisionInputChanges.scopes(new Consent().setPatient(new Reference("Patient/p4"))))
        .containsExactly("Patient/p4");
    Observation lacksCapacity = new Observation().setSubject(new Reference("Patient/p5"));
    lacksCapacity.getCode().addCoding(new Coding(CapacityJudgements.CAPACITY, CapacityJudgements.LACKS_CAPACITY, null));
    assertThat(DecisionInputChanges.scopes(lacksCapacity)).as("a capacity judgement").containsExactly("Patient/p5");
    QuestionnaireResponse weighing = new QuestionnaireResponse().setQuestionnaire(Weighings.QUESTIONNAIRE + "|0.1.0")
        .setSubject(new Reference("Patient/p6"));
    assertThat(DecisionInputChanges.scopes(weighing)).as("a legal ground's weighing").containsExactly("Patient/p6");
  }

  @Test
  void policyAndSharedRecordsMarkEverything() {
    Consent policy = new Consent();
    policy.addCategory(new CodeableConcept(new Coding(FhirCodes.CONSENT_CATEGORY, "organisation-policy", null)));
    assertThat(DecisionInputChanges.scopes(policy)).containsExactly(DecisionInputVersions.GLOBAL);
    assertThat(DecisionInputChanges.scopes(new PractitionerRole())).containsExactly(DecisionInputVersions.GLOBAL);
    assertThat(DecisionInputChanges.scopes(new Organization())).containsExactly(DecisionInputVersions.GLOBAL);
  }

  @Test
  void otherDataAndOtherSubjectsMarkNothing() {
    assertThat(DecisionInputChanges.scopes(new Observation().setSubject(new Reference("Patient/p1")))).isEmpty();
    assertThat(DecisionInputChanges.scopes(new CareTeam().setSubject(new Reference("Group/g1")))).isEmpty();
    assertThat(DecisionInputChanges.scopes(new QuestionnaireResponse()
        .setQuestionnaire("http://sluis.nl/fhir/Questionnaire/inschatting-situatie-risicos")
        .setSubject(new Reference("Patient/p1")))).as("an assessment").isEmpty();
  }
}
