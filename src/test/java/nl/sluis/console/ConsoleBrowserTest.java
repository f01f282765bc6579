package nl.sluis.console;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import nl.sluis.testsupport.Bsns;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.HeadlessChromium;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real headless Chromium (Debian's chromium and chromedriver, installed by .ci/run; no driver or
 * browser downloads), against the shared test server. Each test saves a screenshot under target/console-screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.condition.EnabledIf(value = "browserInstalled",
    disabledReason = "chromium and chromium-driver are not installed (.ci/run installs them)")
class ConsoleBrowserTest extends PostgresServerTest {

  static final Path DOWNLOADS = Path.of("target", "console-downloads").toAbsolutePath();
  static final String GP_URA = "00000002";
  static final ObjectMapper JSON = new ObjectMapper();

  static WebDriver driver;
  static WebDriverWait wait;
  static String consentClient;

  /** Class-level, so that a machine without a browser reports these tests as skipped, with the reason. */
  static boolean browserInstalled() {
    return HeadlessChromium.installed();
  }

  @BeforeAll
  static void browser() throws IOException {
    driver = HeadlessChromium.start(DOWNLOADS);
    wait = new WebDriverWait(driver, Duration.ofSeconds(30));
  }

  @AfterAll
  static void closeBrowser() {
    if (driver != null) {
      driver.quit();
    }
  }

  /**
   * Every test starts from the configured default policy (dev: TREAT accepted from external requesters): an
   * organisation policy another test class left active on this shared server (the examples' one accepts COC
   * and THREAT only) is withdrawn first.
   */
  @org.junit.jupiter.api.BeforeEach
  void withoutPoliciesOfOtherTests() throws IOException {
    FhirHttp system = http();
    JsonNode active = JSON.readTree(system.get("/fhir/Consent?category=http://sluis.nl/fhir/CodeSystem/consent-category"
        + "%7Corganisation-policy&status=active&_count=100").body());
    for (JsonNode entry : active.path("entry")) {
      ObjectNode policy = (ObjectNode) entry.path("resource");
      policy.put("status", "inactive");
      policy.remove("meta");
      HttpResponse<String> withdrawn = system.put("/fhir/Consent/" + policy.path("id").asText(), FHIR_JSON,
          JSON.writeValueAsString(policy));
      assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(200);
    }
  }

  // ---------- helpers

  private String create(String path, String body) {
    HttpResponse<String> response = http().post(path, FHIR_JSON, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return FhirHttp.idFromLocation(response);
  }

  private void putExample(String type, String id) throws IOException {
    HttpResponse<String> response = http().put("/fhir/" + type + "/" + id, FHIR_JSON,
        Files.readString(Path.of("profiles/example", type + "-" + id + ".json")));
    assertThat(response.statusCode()).as(response.body()).isIn(200, 201);
  }

  private static String patient(String bsn, String family, LocalDate birthDate) {
    return "{\"resourceType\":\"Patient\",\"identifier\":[{\"system\":\"http://fhir.nl/fhir/NamingSystem/bsn\","
        + "\"value\":\"" + bsn + "\"}],\"name\":[{\"use\":\"official\",\"family\":\"" + family + "\"}],"
        + "\"birthDate\":\"" + birthDate + "\"}";
  }

  private static String observation(String patient) {
    return "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"gedeeld\"},\"subject\":"
        + "{\"reference\":\"Patient/" + patient + "\"},\"effectiveDateTime\":\"" + LocalDate.now() + "\"}";
  }

  private static String gpConsent(String patient) {
    return "{\"resourceType\":\"Consent\",\"status\":\"active\","
        + "\"scope\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/consentscope\",\"code\":\"patient-privacy\"}]},"
        + "\"category\":[{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"64292-6\"}]},"
        + "{\"coding\":[{\"system\":\"http://sluis.nl/fhir/CodeSystem/consent-category\",\"code\":\"client-consent\"}]}],"
        + "\"patient\":{\"reference\":\"Patient/" + patient + "\"},\"dateTime\":\"" + LocalDate.now().minusDays(1) + "\","
        + "\"performer\":[{\"reference\":\"Patient/" + patient + "\"}],"
        + "\"policyRule\":{\"coding\":[{\"system\":\"http://sluis.nl/fhir/CodeSystem/legal-ground\",\"code\":\"consent\"}]},"
        + "\"provision\":{\"type\":\"permit\",\"period\":{\"start\":\"" + LocalDate.now().minusDays(1) + "\"},"
        + "\"actor\":[{\"role\":{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ParticipationType\",\"code\":\"IRCP\"}]},"
        + "\"reference\":{\"identifier\":{\"system\":\"http://fhir.nl/fhir/NamingSystem/ura\",\"value\":\"" + GP_URA + "\"}}}],"
        + "\"action\":[{\"coding\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/consentaction\",\"code\":\"disclose\"}]}],"
        + "\"purpose\":[{\"system\":\"http://terminology.hl7.org/CodeSystem/v3-ActReason\",\"code\":\"TREAT\"}],"
        + "\"class\":[{\"system\":\"http://hl7.org/fhir/resource-types\",\"code\":\"Observation\"}]}}";
  }

  private FhirHttp gp() {
    return anonymous().withToken(TestTokens.external("TREAT", "system/*.rs"));
  }

  /** Opens the console, prints how long until it was interactive, signs in with a dev preset. */
  private void signIn(String preset) {
    // leave the console first (the landing page is the same origin), so no sign-in is in flight while clearing
    driver.get("http://localhost:" + port + "/");
    ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
    driver.get("http://localhost:" + port + "/console");
    wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
    System.out.println("[console timing] /console interactive after "
        + driver.findElement(By.tagName("body")).getDomAttribute("data-ready-ms") + " ms (" + preset + " sign-in page)");
    new Select(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dev-preset")))).selectByValue(preset);
    long start = System.nanoTime();
    driver.findElement(By.id("dev-signin-button")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-out")));
    // the name and sign-out show before the code lists have loaded; the role's first view (or, for a requester
    // the console is not for, the sign-in page's refusal) only after them
    wait.until(d -> !d.findElement(By.id("who")).getText().isBlank() && !d.findElement(By.id("loading")).isDisplayed()
        && (!d.findElement(By.id("view-signin")).isDisplayed()
            || !d.findElement(By.id("signin-error")).getText().isBlank()));
    System.out.println("[console timing] signed in as " + preset + " and first view shown after "
        + (System.nanoTime() - start) / 1_000_000 + " ms");
  }

  /** Waits until the policy view's latest load has rendered (the view is aria-busy while one is under way). */
  private void policyLoaded() {
    wait.until(ExpectedConditions.attributeToBe(By.id("view-policy"), "aria-busy", "false"));
  }

  private void tab(String view) {
    driver.findElement(By.cssSelector("#tabs button[data-view=" + view + "]")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("view-" + view)));
  }

  private static void type(String id, String text) {
    WebElement field = wait.until(ExpectedConditions.elementToBeClickable(By.id(id)));
    field.clear();
    field.sendKeys(text);
  }

  private static void screenshot(String name) throws IOException {
    HeadlessChromium.screenshot(driver, name);
  }

  private String simulate(String observation, String purpose) {
    return simulate(observation, GP_URA, purpose);
  }

  private String simulate(String observation, String ura, String purpose) {
    tab("simulator");
    type("sim-resource", "Observation/" + observation);
    type("sim-organization", ura);
    new Select(driver.findElement(By.id("sim-role"))).selectByValue("01.015");
    new Select(driver.findElement(By.id("sim-purpose"))).selectByValue(purpose);
    ((JavascriptExecutor) driver).executeScript("document.getElementById('sim-result').replaceChildren()");
    driver.findElement(By.id("sim-run")).click();
    return wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sim-outcome"))).getText();
  }

  // ---------- tests

  @Test
  @Order(1)
  void privacyOfficerChangesThePolicyAndTheGpsDecisionChanges() throws IOException {
    putExample("Organization", "ggz-de-sluis");
    putExample("Practitioner", "privacy-officer-01-persoon");
    putExample("PractitionerRole", "privacy-officer-01");
    String client = create("/fhir/Patient", patient(Bsns.random(), "Beleidtest", LocalDate.now().minusYears(17)));
    String observation = create("/fhir/Observation", observation(client));
    String consent = create("/fhir/Consent", gpConsent(client));
    // the example policy, accepting TREAT from external requesters as the dev defaults do
    ObjectNode policy = (ObjectNode) JSON.readTree(Files.readString(Path.of("profiles/example/Consent-organisatiebeleid.json")));
    policy.remove("id");
    for (JsonNode rule : policy.path("provision").path("provision")) {
      if (rule.path("code").toString().contains("external-purpose")) {
        ((ArrayNode) rule.path("purpose")).addObject().put("system", "http://terminology.hl7.org/CodeSystem/v3-ActReason")
            .put("code", "TREAT");
      }
    }
    String policyId = create("/fhir/Consent", JSON.writeValueAsString(policy));
    try {
      signIn("privacy-officer");
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("roles-need-to-know"), "Psychiater (01.035)"));
      assertThat(driver.findElement(By.id("tabs")).getText()).contains("Beleid").contains("Verstrekkingen");
      assertThat(driver.getTitle()).isEqualTo("Sluis console");

      assertThat(simulate(observation, "TREAT")).isEqualTo("permit");
      assertThat(driver.findElements(By.cssSelector("#sim-not-used li"))).as("the consent was used").isEmpty();
      assertThat(driver.findElement(By.id("sim-not-used-none")).getText()).isEqualTo("geen");

      // another organisation, same purpose: the GP's consent is a ground not used, and the simulator says why
      assertThat(simulate(observation, "00000009", "TREAT")).isEqualTo("deny");
      WebElement notUsed = driver.findElement(By.cssSelector("#sim-not-used li[data-ref='Consent/" + consent + "']"));
      assertThat(notUsed.getText()).isEqualTo("Consent/" + consent + ": geen bepaling geldt voor deze vrager en dit gegeven");
      assertThat(driver.findElement(By.id("sim-basis")).getText()).doesNotContain("GROUND_NOT_USED")
          .contains("POLICY").contains("LAW");
      assertThat(driver.findElement(By.id("sim-date")).getText()).as("as of the server's today").matches("\\d{4}-\\d{2}-\\d{2}");
      assertThat(driver.getPageSource()).doesNotContain("gedeeld").as("never the resource's content");
      screenshot("decision-simulator-grounds-not-used");

      // as of a day before the consent's period began, the same GP is refused; the page says which day
      String beforeConsent = LocalDate.now().minusDays(2).toString();
      ((JavascriptExecutor) driver).executeScript("document.getElementById('sim-on').value = arguments[0]", beforeConsent);
      assertThat(simulate(observation, "TREAT")).isEqualTo("deny");
      assertThat(driver.findElement(By.id("sim-date")).getText()).isEqualTo(beforeConsent);
      ((JavascriptExecutor) driver).executeScript("document.getElementById('sim-on').value = ''");
      assertThat(simulate(observation, "TREAT")).as("today again").isEqualTo("permit");

      tab("policy");
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("roles-need-to-know"), "Psychiater (01.035)"));
      WebElement treat = driver.findElement(By.cssSelector("#purposes input[value=TREAT]"));
      assertThat(treat.isSelected()).isTrue();
      assertThat(driver.findElement(By.id("policy-pending")).getText()).isEqualTo("Nog geen wijziging ten opzichte van de actieve versie.");
      treat.click();
      // before saving: what the edit changes against the active version, and what it does to the GP's decision
      assertThat(driver.findElement(By.id("policy-pending")).getText()).startsWith("Niet opgeslagen wijzigingen").contains("purposes: −TREAT");
      // a reload of the same version (the tab again; under load the tab's own load could still be under way when
      // the officer clicked) keeps the unsaved edit: it once reset the form, and the preview decided the active policy
      tab("policy");
      policyLoaded();
      assertThat(treat.isSelected()).as("the unsaved edit survives a reload").isFalse();
      assertThat(driver.findElement(By.id("policy-pending")).getText()).contains("purposes: −TREAT");
      type("preview-resource", "Observation/" + observation);
      type("preview-organization", GP_URA);
      new Select(driver.findElement(By.id("preview-role"))).selectByValue("01.015");
      new Select(driver.findElement(By.id("preview-purpose"))).selectByValue("TREAT");
      driver.findElement(By.id("preview-run")).click();
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("preview-verdict")));
      assertThat(driver.findElement(By.id("preview-active")).getText()).isEqualTo("permit");
      assertThat(driver.findElement(By.id("preview-draft")).getText()).isEqualTo("deny");
      assertThat(driver.findElement(By.id("preview-verdict")).getText()).isEqualTo("Deze wijziging verandert de beslissing.");
      assertThat(driver.getPageSource()).doesNotContain("gedeeld").as("never the resource's content");
      ((JavascriptExecutor) driver).executeScript("document.getElementById('policy-preview').scrollIntoView()");
      screenshot("policy-pending-change");
      assertThat(driver.findElement(By.id("policy-status")).getText()).as("the draft is not saved").startsWith("Versie 1,");
      driver.findElement(By.id("policy-save")).click();
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("policy-message"), "versie 2"));
      wait.until(d -> d.findElements(By.cssSelector("#policy-history tbody tr")).size() == 2);
      assertThat(driver.findElement(By.id("policy-history")).getText()).contains("−TREAT").contains("P. Olthof");
      assertThat(driver.findElement(By.id("policy-pending")).getText()).as("saved: nothing pending")
          .isEqualTo("Nog geen wijziging ten opzichte van de actieve versie.");
      screenshot("policy-editor");

      assertThat(simulate(observation, "TREAT")).isEqualTo("deny");
      assertThat(driver.findElement(By.id("sim-basis")).getText()).isNotBlank();
      assertThat(driver.getPageSource()).doesNotContain("gedeeld").as("never the resource's content");
      screenshot("decision-simulator");
      assertThat(driver.getCurrentUrl()).isEqualTo("http://localhost:" + port + "/console");

      // an edit made on version 2 while someone else saves version 3: the reload shows version 3 and says the
      // edit was not applied (saving it on top of version 3 would silently undo the other change)
      tab("policy");
      policyLoaded();
      driver.findElement(By.cssSelector("#purposes input[value=TREAT]")).click();
      assertThat(driver.findElement(By.id("policy-pending")).getText()).contains("purposes: +TREAT");
      JsonNode version2 = JSON.readTree(http().get("/fhir/Consent/" + policyId).body());
      ((ObjectNode) version2).remove("meta");
      ((ObjectNode) version2).put("dateTime", java.time.OffsetDateTime.now().toString());
      assertThat(http().put("/fhir/Consent/" + policyId, FHIR_JSON, JSON.writeValueAsString(version2)).statusCode())
          .isEqualTo(200);
      tab("policy");
      policyLoaded();
      assertThat(driver.findElement(By.id("policy-message")).getText()).startsWith("Intussen is versie 3 opgeslagen");
      assertThat(driver.findElement(By.id("policy-status")).getText()).startsWith("Versie 3,");
      assertThat(driver.findElement(By.cssSelector("#purposes input[value=TREAT]")).isSelected()).isFalse();
      assertThat(driver.findElement(By.id("policy-pending")).getText())
          .isEqualTo("Nog geen wijziging ten opzichte van de actieve versie.");
    } finally {
      // the other tests on this shared server rely on the configured default policy
      FhirHttp system = http();
      JsonNode latest = JSON.readTree(system.get("/fhir/Consent/" + policyId).body());
      ((ObjectNode) latest).put("status", "inactive");
      ((ObjectNode) latest).remove("meta");
      assertThat(system.put("/fhir/Consent/" + policyId, FHIR_JSON, JSON.writeValueAsString(latest)).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  @Order(2)
  void aConsentRecordedAndRevokedInTheConsoleFlipsTheGpsRead() throws IOException {
    String bsn = Bsns.random();
    consentClient = create("/fhir/Patient", patient(bsn, "Toestemmingtest", LocalDate.now().minusYears(15)));
    String observation = create("/fhir/Observation", observation(consentClient));
    assertThat(gp().get("/fhir/Observation/" + observation).statusCode()).isEqualTo(404);

    signIn("psychiatrist");
    assertThat(driver.findElement(By.cssSelector("#tabs button[data-view=policy]")).isDisplayed())
        .as("a psychiatrist sees no policy editor").isFalse();
    HttpResponse<String> forced = anonymous().withToken(TestTokens.internalProfessional("user/*.cruds"))
        .post("/fhir/Consent", FHIR_JSON, Files.readString(Path.of("profiles/example/Consent-organisatiebeleid.json")));
    assertThat(forced.statusCode()).as("the API refuses the psychiatrist's policy write").isEqualTo(403);

    type("client-bsn", bsn);
    driver.findElement(By.id("client-search")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#client-results button"))).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("client-age-rule"), "15 jaar"));
    assertThat(driver.findElement(By.id("client-age-rule")).getText()).contains("cliënt én een ouder");

    type("consent-recipient", GP_URA);
    new Select(driver.findElement(By.id("consent-purpose"))).selectByValue("TREAT");
    new Select(driver.findElement(By.id("consent-class"))).selectByVisibleText("Observation");
    // a period that ends before it starts: the server's 422 is shown next to the period
    ((JavascriptExecutor) driver).executeScript(
        "document.getElementById('consent-end').value = arguments[0]", LocalDate.now().minusYears(1).toString());
    driver.findElement(By.id("consent-save")).click();
    wait.until(d -> !d.findElement(By.id("error-period")).getText().isBlank()
        || !d.findElement(By.id("consent-form-error")).getText().isBlank());
    System.out.println("[console] 422 shown: period='" + driver.findElement(By.id("error-period")).getText()
        + "' form='" + driver.findElement(By.id("consent-form-error")).getText() + "'");
    ((JavascriptExecutor) driver).executeScript("document.getElementById('consent-end').value = ''");
    // 15 years old: the client's consent alone does not count (the client and a parent must consent)
    driver.findElement(By.id("consent-save")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#consent-timeline li.active")));
    assertThat(gp().get("/fhir/Observation/" + observation).statusCode())
        .as("15: the client's consent alone does not suffice under the default 'both' mode").isEqualTo(404);
    driver.findElement(By.cssSelector("#consent-timeline li.active .consent-revoke")).click();
    wait.until(d -> d.findElements(By.cssSelector("#consent-timeline li.active")).isEmpty());

    // a 17-year-old decides alone: recorded → 200, revoked → 404 on the next request
    String adultBsn = Bsns.random();
    consentClient = create("/fhir/Patient", patient(adultBsn, "Toestemmingtest", LocalDate.now().minusYears(17)));
    String adultObservation = create("/fhir/Observation", observation(consentClient));
    type("client-bsn", adultBsn);
    driver.findElement(By.id("client-search")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("client-results"), "Toestemmingtest"));
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#client-results button"))).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("client-age-rule"), "17 jaar"));
    type("consent-recipient", GP_URA);
    new Select(driver.findElement(By.id("consent-purpose"))).selectByValue("TREAT");
    driver.findElement(By.id("consent-save")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#consent-timeline li.active")));
    assertThat(gp().get("/fhir/Observation/" + adultObservation).statusCode()).isEqualTo(200);
    screenshot("client-consents");
    driver.findElement(By.cssSelector("#consent-timeline li.active .consent-revoke")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#consent-timeline li"), "inactive"));
    assertThat(gp().get("/fhir/Observation/" + adultObservation).statusCode()).isEqualTo(404);
    assertThat(driver.getCurrentUrl()).doesNotContain(adultBsn).doesNotContain(consentClient);
    assertThat(driver.getTitle()).doesNotContain("Toestemmingtest");
  }

  @Test
  @Order(3)
  void thePrivacyOfficerFindsTheDisclosuresExportsCsvAndVerifiesTheChain() throws IOException {
    Assumptions.assumeTrue(consentClient != null, "needs the consent test's disclosures");
    signIn("privacy-officer");
    tab("log");
    type("log-patient", "Patient/" + consentClient);
    driver.findElement(By.id("log-search")).click();
    wait.until(d -> !d.findElements(By.cssSelector("#log-events tbody tr")).isEmpty());
    String log = driver.findElement(By.id("log-events")).getText();
    assertThat(log).contains(GP_URA).contains("permit").contains("deny");

    try (var old = Files.list(DOWNLOADS)) {
      old.forEach(f -> f.toFile().delete());
    }
    driver.findElement(By.id("log-csv")).click();
    Path csv = DOWNLOADS.resolve("sluis-disclosures.csv");
    wait.until(d -> Files.exists(csv) && csv.toFile().length() > 0);
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo("recorded,patient,organization,outcome,ground,purpose,basis,data,event");
    assertThat(lines).hasSizeGreaterThan(1);
    assertThat(String.join("\n", lines)).contains("Patient/" + consentClient).contains(GP_URA);

    driver.findElement(By.id("log-verify")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("log-verify-result"), "intact"));

    type("overview-patient", "Patient/" + consentClient);
    driver.findElement(By.id("overview-run")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("overview-table")));
    screenshot("disclosure-log");
  }

  /** An example rewritten for another client (and concern, mother): stored as the EHR's back end would. */
  private String createFromExample(String file, Map<String, String> replacements) throws IOException {
    ObjectNode example = (ObjectNode) JSON.readTree(Files.readString(Path.of("profiles/example", file)));
    example.remove("id");
    example.remove("extension"); // the concern's stage: the server sets it
    String text = example.toString();
    for (Map.Entry<String, String> replacement : replacements.entrySet()) {
      text = text.replace("\"" + replacement.getKey() + "\"", "\"" + replacement.getValue() + "\"");
    }
    return create("/fhir/" + example.path("resourceType").asText(), text);
  }

  @Test
  @Order(5)
  void aPsychiatristRecordsALegalGroundWithItsDeliberationAndRenewsAConsent() throws IOException {
    for (String[] example : new String[][] {{"Organization", "ggz-de-sluis"}, {"Practitioner", "psychiater-01"},
        {"Practitioner", "psycholoog-01"}, {"PractitionerRole", "psychiater-01-rol"}}) {
      putExample(example[0], example[1]);
    }
    String bsn = Bsns.random();
    String client = create("/fhir/Patient", patient(bsn, "Grondslagtest", LocalDate.now().minusYears(15)));
    Map<String, String> forClient = new java.util.HashMap<>(Map.of("Patient/client-01", "Patient/" + client));
    forClient.put("RelatedPerson/moeder-01", "RelatedPerson/" + createFromExample("RelatedPerson-moeder-01.json", forClient));
    createFromExample("CareTeam-behandelteam-01.json", forClient);
    String concern = createFromExample("QuestionnaireResponse-zorgsignaal-01.json", forClient);
    forClient.put("QuestionnaireResponse/zorgsignaal-01", "QuestionnaireResponse/" + concern);
    String assessment = createFromExample("QuestionnaireResponse-inschatting-01.json", forClient);
    forClient.put("QuestionnaireResponse/inschatting-01", "QuestionnaireResponse/" + assessment);
    String weighing = createFromExample("QuestionnaireResponse-afweging-01.json", forClient);
    String veiligThuisUra = "00000003";
    FhirHttp veiligThuis = anonymous().withToken(
        TestTokens.token(veiligThuisUra, "vt-medewerker-1", "01.015", "COC", "system/*.rs", null));
    assertThat(veiligThuis.get("/fhir/QuestionnaireResponse/" + assessment).statusCode()).isEqualTo(404);

    signIn("psychiatrist");
    type("client-bsn", bsn);
    driver.findElement(By.id("client-search")).click();
    wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#client-results button"))).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#ground-deliberation option[value='QuestionnaireResponse/" + weighing + "']")));

    // a legal ground: the right to report on its weighing (the Meldcode), for Veilig Thuis, the assessment only
    new Select(driver.findElement(By.id("ground-code"))).selectByValue("right-to-report");
    type("ground-recipient", veiligThuisUra);
    new Select(driver.findElement(By.id("ground-purpose"))).selectByValue("COC");
    driver.findElement(By.cssSelector("#ground-data input[value='QuestionnaireResponse/" + assessment + "']")).click();
    driver.findElement(By.id("ground-save")).click();
    wait.until(d -> d.findElement(By.id("consent-timeline")).getText().contains("right-to-report")
        || !d.findElement(By.id("ground-form-error")).getText().isBlank());
    assertThat(driver.findElement(By.id("ground-form-error")).getText()).isBlank();
    assertThat(driver.findElement(By.id("consent-timeline")).getText()).contains("URA " + veiligThuisUra)
        .contains("QuestionnaireResponse/" + assessment).contains("J. de Boer");
    assertThat(driver.findElement(By.cssSelector("#consent-timeline .consent-deliberation")).getText())
        .as("the weighing it rests on").endsWith("QuestionnaireResponse/" + weighing);
    assertThat(veiligThuis.get("/fhir/QuestionnaireResponse/" + assessment).statusCode())
        .as("the ground names the assessment for Veilig Thuis").isEqualTo(200);
    assertThat(veiligThuis.get("/fhir/QuestionnaireResponse/" + concern).statusCode())
        .as("and nothing else").isEqualTo(404);
    screenshot("legal-ground");

    // renewing a consent: the form filled in from the old one; saving records a new consent and revokes the old
    type("consent-recipient", GP_URA);
    new Select(driver.findElement(By.id("consent-purpose"))).selectByValue("TREAT");
    driver.findElement(By.id("consent-save")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#consent-timeline li.active .consent-renew")));
    String old = driver.findElement(By.cssSelector("#consent-timeline li.active .consent-renew"))
        .findElement(By.xpath("..")).getDomAttribute("data-id");
    driver.findElement(By.cssSelector("#consent-timeline li[data-id='" + old + "'] .consent-renew")).click();
    assertThat(driver.findElement(By.id("consent-recipient")).getDomProperty("value")).isEqualTo(GP_URA);
    assertThat(driver.findElement(By.id("consent-renewing")).getText()).contains("Consent/" + old);
    driver.findElement(By.id("consent-save")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#consent-timeline li.inactive[data-id='" + old + "']")));
    List<WebElement> active = driver.findElements(By.cssSelector("#consent-timeline li.active"));
    assertThat(active).extracting(li -> li.getDomAttribute("data-id")).doesNotContain(old)
        .as("the renewed consent and the legal ground").hasSize(2);
    assertThat(driver.findElement(By.id("consent-renewing")).isDisplayed()).isFalse();
    assertThat(driver.getCurrentUrl()).doesNotContain(bsn).doesNotContain(client);
    screenshot("consent-renewed");
  }

  @Test
  @Order(4)
  void anExternalRequesterGetsNothing() throws IOException {
    signIn("external-gp");
    // the refusal arrives with the answer to the sign-in's first request: wait for it (a loaded machine is slow)
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-error"), "Niet toegestaan"));
    for (WebElement tab : driver.findElements(By.cssSelector("#tabs button"))) {
      assertThat(tab.isDisplayed()).isFalse();
    }
    screenshot("external-refused");
    driver.findElement(By.id("sign-out")).click();
    assertThat(((JavascriptExecutor) driver).executeScript("return sessionStorage.length")).isEqualTo(0L);
  }
}
