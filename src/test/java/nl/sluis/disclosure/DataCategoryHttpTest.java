package nl.sluis.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import nl.sluis.testsupport.Bsns;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * A consent that names only data categories (Consent.provision.code) discloses exactly the records of those
 * categories to the external recipient, on read and search; the rest answers like records that do not exist
 * (every other path: {@link HiddenEqualsMissingHttpTest#anExternalOrganisationWithAConsentForOneDataCategory}).
 */
class DataCategoryHttpTest extends PostgresServerTest {

  private FhirHttp gp() {
    return anonymous().withToken(TestTokens.token(DisclosureFixture.GP_URA, "uzi-900000035", "01.015", "TREAT",
        "system/*.rs", null));
  }

  @Test
  void aConsentForMedicationDisclosesTheMedicationAndNothingElse() {
    DisclosureFixture fixture = new DisclosureFixture(http(), Bsns.random());
    String lithium = fixture.create("/fhir/MedicationStatement",
        DisclosureFixture.medicationStatement(fixture.patient, "lithium"));
    String othersMedication = fixture.create("/fhir/MedicationStatement",
        DisclosureFixture.medicationStatement(fixture.otherPatient, "sertraline"));
    FhirHttp gp = gp();
    assertThat(gp.get("/fhir/MedicationStatement/" + lithium).statusCode()).as("no consent yet").isEqualTo(404);

    fixture.create("/fhir/Consent", fixture.consentForGp("active", DisclosureFixture.categories("medication")));

    HttpResponse<String> read = gp.get("/fhir/MedicationStatement/" + lithium);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    assertThat(gp.get("/fhir/MedicationStatement?subject=Patient/" + fixture.patient).body()).contains(lithium);
    assertThat(gp.get("/fhir/MedicationStatement?_id=" + lithium + "," + othersMedication).body())
        .contains("MedicationStatement/" + lithium + "\"").doesNotContain("MedicationStatement/" + othersMedication + "\"");

    HttpResponse<String> observation = gp.get("/fhir/Observation/" + fixture.sharedObservation);
    HttpResponse<String> missing = gp.get("/fhir/Observation/ontbreekt-" + fixture.marker);
    assertThat(observation.statusCode()).isEqualTo(404);
    assertThat(observation.body().replace(fixture.sharedObservation, "ID"))
        .isEqualTo(missing.body().replace("ontbreekt-" + fixture.marker, "ID"));
    assertThat(gp.get("/fhir/Patient/" + fixture.patient).statusCode()).as("identification is not named").isEqualTo(404);
    String observations = gp.get("/fhir/Observation?subject=Patient/" + fixture.patient).body();
    assertThat(observations).doesNotContain(fixture.sharedObservation).doesNotContain(fixture.restrictedObservation)
        .doesNotContain("\"entry\"");
  }

  @Test
  void categoryAndClassMustBothMatch() {
    DisclosureFixture fixture = new DisclosureFixture(http(), Bsns.random());
    String lithium = fixture.create("/fhir/MedicationStatement",
        DisclosureFixture.medicationStatement(fixture.patient, "lithium"));
    String condition = fixture.create("/fhir/Condition", "{\"resourceType\":\"Condition\",\"code\":{\"text\":"
        + "\"depressie\"},\"subject\":{\"reference\":\"Patient/" + fixture.patient + "\"}}");
    // treatment data, but Observations only: the medication and the condition are treatment too, yet not named
    fixture.create("/fhir/Consent", fixture.consentForGp("active",
        DisclosureFixture.categories("treatment") + "," + DisclosureFixture.classes("Observation")));
    FhirHttp gp = gp();
    assertThat(gp.get("/fhir/Observation/" + fixture.sharedObservation).statusCode()).isEqualTo(200);
    assertThat(gp.get("/fhir/Observation/" + fixture.restrictedObservation).statusCode())
        .as("very restricted: the label is not named").isEqualTo(404);
    assertThat(gp.get("/fhir/MedicationStatement/" + lithium).statusCode()).isEqualTo(404);
    assertThat(gp.get("/fhir/Condition/" + condition).statusCode()).isEqualTo(404);
  }
}
