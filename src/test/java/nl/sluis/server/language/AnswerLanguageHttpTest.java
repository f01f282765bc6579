package nl.sluis.server.language;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * {@code Accept-Language} over HTTP on the real server: one message of each kind in Dutch (a limit, a scope refusal,
 * a token refusal, a hidden record's 404, the validator's 422, a rule of our own), English by default, and what a
 * client that asks for something else (or something broken) gets.
 */
class AnswerLanguageHttpTest extends PostgresServerTest {

  private static final String NO_BIRTH_DATE = "{\"resourceType\":\"Patient\",\"name\":[{\"use\":\"official\","
      + "\"family\":\"Taal\"}]}";

  private FhirHttp inDutch(FhirHttp client) {
    return client.withHeaders("Accept-Language", "nl");
  }

  @Test
  void aLimitInDutch() {
    HttpResponse<String> response = inDutch(http()).get("/fhir/Patient?_count=veel");
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("_count moet een geheel getal van 0 tot en met 1000000000 zijn");
    assertThat(response.headers().firstValue("Content-Language")).hasValue("nl");
    assertThat(response.headers().allValues("Vary")).anySatisfy(vary -> assertThat(vary).contains("Accept-Language"));
  }

  @Test
  void aScopeRefusalInDutch() {
    FhirHttp patientsOnly = anonymous().withToken(TestTokens.internalProfessional("user/Patient.rs"));
    HttpResponse<String> response = inDutch(patientsOnly).get("/fhir/Observation?code=x");
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("Onvoldoende scope: deze interactie vereist");
  }

  @Test
  void aTokenRefusalInDutchWithAnAsciiChallenge() {
    HttpResponse<String> response = inDutch(anonymous().withToken("geen.geldig.token")).get("/fhir/Patient");
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("Het bearer token is misvormd");
    assertThat(response.headers().firstValue("Content-Language")).hasValue("nl");
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
        .contains("error_description=\"The bearer token is malformed\"");
    assertThat(inDutch(anonymous()).get("/fhir/Patient").body()).contains("Een bearer token is vereist");
  }

  @Test
  void aHiddenRecordAnswersInDutchLikeAMissingOne() {
    String patient = FhirHttp.idFromLocation(http().post("/fhir/Patient", FHIR_JSON, "{\"resourceType\":\"Patient\","
        + "\"name\":[{\"use\":\"official\",\"family\":\"Verborgen\"}],\"birthDate\":\"2001-02-03\"}"));
    FhirHttp stranger = inDutch(anonymous().withToken(TestTokens.token("00000003", "uzi-900000041", "01.015", "TREAT",
        "system/*.rs", null)));
    HttpResponse<String> hidden = stranger.get("/fhir/Patient/" + patient);
    HttpResponse<String> missing = stranger.get("/fhir/Patient/ontbreekt-" + UUID.randomUUID());
    assertThat(hidden.statusCode()).isEqualTo(404);
    assertThat(hidden.body()).contains("Resource Patient/" + patient + " is niet bekend");
    assertThat(missing.body().replaceAll("ontbreekt-[0-9a-f-]+", "ID"))
        .isEqualTo(hidden.body().replace(patient, "ID"));
    assertThat(missing.headers().firstValue("Content-Language")).isEqualTo(hidden.headers().firstValue("Content-Language"))
        .hasValue("nl");
  }

  @Test
  void theValidatorInDutchAndInEnglish() {
    HttpResponse<String> dutch = inDutch(http()).post("/fhir/Patient", FHIR_JSON, NO_BIRTH_DATE);
    assertThat(dutch.statusCode()).isEqualTo(422);
    assertThat(dutch.body()).contains("Patient.birthDate: minimum vereist = 1").doesNotContain("minimum required");
    assertThat(dutch.headers().firstValue("Content-Language")).hasValue("nl");
    HttpResponse<String> english = http().post("/fhir/Patient", FHIR_JSON, NO_BIRTH_DATE);
    assertThat(english.body()).contains("Patient.birthDate: minimum required = 1");
    assertThat(english.headers().firstValue("Content-Language")).hasValue("en");
    HttpResponse<String> validated = inDutch(http()).post("/fhir/Patient/$validate", FHIR_JSON, NO_BIRTH_DATE);
    assertThat(validated.body()).contains("minimum vereist");
    assertThat(validated.headers().firstValue("Content-Language")).hasValue("nl");
  }

  /** One worker context serves both languages: each validation gets its own request's language. */
  @Test
  void dutchAndEnglishValidationsAtTheSameTime() {
    List<CompletableFuture<Boolean>> answers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      boolean dutch = i % 2 == 0;
      FhirHttp client = dutch ? inDutch(http()) : http().withHeaders("Accept-Language", "en");
      answers.add(CompletableFuture.supplyAsync(() -> {
        String body = client.post("/fhir/Patient/$validate", FHIR_JSON, NO_BIRTH_DATE).body();
        return body.contains(dutch ? "minimum vereist" : "minimum required")
            && !body.contains(dutch ? "minimum required" : "minimum vereist");
      }));
    }
    assertThat(answers.stream().map(CompletableFuture::join)).containsOnly(true);
  }

  @Test
  void aRuleOfOurOwnInDutch() {
    String redefinition = "{\"resourceType\":\"SearchParameter\",\"url\":\"http://example.org/sp-nl\",\"name\":\"x\","
        + "\"status\":\"active\",\"description\":\"x\",\"code\":\"identifier\",\"base\":[\"Patient\"],"
        + "\"type\":\"token\",\"expression\":\"Patient.name.family\"}";
    HttpResponse<String> response = inDutch(http()).post("/fhir/SearchParameter", FHIR_JSON, redefinition);
    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.body()).contains("SearchParameter Patient?identifier is ingebouwd en mag niet opnieuw worden "
        + "gedefinieerd");
  }

  @Test
  void englishUnlessDutchIsAskedFor() {
    for (String header : new String[] {null, "*", "fr", "fr-CA,de;q=0.5", "en-GB", "nl;q=0, *", "q=;;nl=,",
        "nl-;q=,,", "nl;q=5", "x".repeat(8000)}) {
      HttpResponse<String> response = header == null
          ? http().get("/fhir/Patient?_count=veel")
          : http().get("/fhir/Patient?_count=veel", "Accept-Language", header);
      assertThat(response.statusCode()).as(header).isEqualTo(400);
      assertThat(response.body()).as(header).contains("_count must be a whole number");
      assertThat(response.headers().firstValue("Content-Language")).as(header).hasValue("en");
    }
    HttpResponse<String> preferred = http().get("/fhir/Patient?_count=veel", "Accept-Language", "nl-NL,nl;q=0.9,en;q=0.8");
    assertThat(preferred.body()).contains("moet een geheel getal");
  }

  @Test
  void aResourceCarriesNoContentLanguage() {
    HttpResponse<String> metadata = inDutch(anonymous()).get("/fhir/metadata");
    assertThat(metadata.statusCode()).isEqualTo(200);
    assertThat(metadata.headers().firstValue("Content-Language")).isEmpty();
  }
}
