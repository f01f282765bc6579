package nl.sluis.security;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Test;

/** The requester context built from realistic tokens, as {@code $requester} reports it. */
class RequesterContextHttpTest extends PostgresServerTest {

  private Parameters requester(String token) {
    HttpResponse<String> response = anonymous().withToken(token).get("/fhir/$requester");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return FhirContext.forR4Cached().newJsonParser().parseResource(Parameters.class, response.body());
  }

  @Test
  void internalProfessional() {
    Parameters context = requester(TestTokens.token(TestTokens.OWN_URA, "uzi-900000001", "01.035", "TREAT",
        "user/*.cruds", "Practitioner/psychiater-1"));
    assertThat(((Identifier) context.getParameter("organization").getValue()).getValue()).isEqualTo(TestTokens.OWN_URA);
    assertThat(context.getParameterBool("internal")).isTrue();
    assertThat(context.getParameterBool("external")).isFalse();
    assertThat(context.getParameter("user").getValue().primitiveValue()).isEqualTo("uzi-900000001");
    Coding role = (Coding) context.getParameter("role").getValue();
    assertThat(role.getSystem()).isEqualTo("http://fhir.nl/fhir/NamingSystem/uzi-rolcode");
    assertThat(role.getCode()).isEqualTo("01.035");
    assertThat(context.getParameter("fhirUser").getValue().primitiveValue()).isEqualTo("Practitioner/psychiater-1");
  }

  @Test
  void externalOrganisationWithPurposeAndResponsibleUser() {
    Parameters context = requester(TestTokens.withClaims(Map.of("scope", "system/Observation.rs",
        "extensions", Map.of("hl7-b2b", Map.of(
            "organization_id", "http://fhir.nl/fhir/NamingSystem/ura|" + TestTokens.OTHER_URA,
            "organization_name", "Huisartsenpraktijk De Linde",
            "subject_id", "uzi-900000777", "subject_name", "A. Assistent", // a GP's assistant: no UZI role code
            "purpose_of_use", List.of("TREAT"),
            "responsible_user_id", "uzi-900000015", "responsible_user_name", "Dr. B. Huisarts")))));
    assertThat(context.getParameterBool("internal")).isFalse();
    assertThat(context.getParameterBool("external")).isTrue();
    assertThat(((Coding) context.getParameter("purposeOfUse").getValue()).getCode()).isEqualTo("TREAT");
    assertThat(context.getParameter("responsibleUser").getValue().primitiveValue()).isEqualTo("uzi-900000015");
    assertThat(context.getParameter("organizationName").getValue().primitiveValue()).isEqualTo("Huisartsenpraktijk De Linde");
    assertThat(context.getParameter("scope").getValue().primitiveValue()).isEqualTo("system/Observation.rs");
  }

  @Test
  void parentWithRelatedPersonFhirUser() {
    Parameters context = requester(TestTokens.token(null, "digid-123", null, null, "patient/*.rs",
        "RelatedPerson/ouder-1"));
    assertThat(context.getParameterBool("patientFacing")).isTrue();
    assertThat(context.getParameterBool("internal")).isFalse();
    assertThat(context.getParameterBool("external")).isFalse();
    assertThat(context.getParameter("fhirUser").getValue().primitiveValue()).isEqualTo("RelatedPerson/ouder-1");
    assertThat(context.getParameter("organization")).isNull();
  }

  @Test
  void externalRequesterWithoutPurposeIsRefused() {
    HttpResponse<String> response = anonymous().withToken(
        TestTokens.token(TestTokens.OTHER_URA, "uzi-2", "01.015", null, "system/*.rs", null))
        .get("/fhir/Patient?_count=1");
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("OperationOutcome").contains("purpose of use");
  }

  @Test
  void tokenWithoutOrganisationIsRefused() {
    HttpResponse<String> response = anonymous().withToken(
        TestTokens.token(null, "uzi-3", "01.035", "TREAT", "system/*.rs", null)).get("/fhir/Patient?_count=1");
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("names no organisation");
  }

  @Test
  void organisationThatIsNotAUraIsRefused() {
    HttpResponse<String> response = anonymous().withToken(TestTokens.withClaims(Map.of("scope", "system/*.rs",
        "extensions", Map.of("hl7-b2b", Map.of("organization_id", "urn:oid:1.2.3", "subject_id", "x",
            "purpose_of_use", List.of("TREAT")))))).get("/fhir/Patient?_count=1");
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("not a URA");
  }
}
