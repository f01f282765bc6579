package nl.sluis.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import org.junit.jupiter.api.Test;

/**
 * The landing page, the console's static files, HAPI's OpenAPI and the dev sign-in, on the shared test server: pages
 * are public and HTML with strict security headers; every FHIR path keeps its token and its FHIR errors.
 */
class ConsolePagesHttpTest extends PostgresServerTest {

  private static void assertPageHeaders(HttpResponse<String> page) {
    String csp = page.headers().firstValue("Content-Security-Policy").orElse("");
    assertThat(csp).contains("script-src 'self'").contains("frame-ancestors 'none'").contains("object-src 'none'");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
  }

  @Test
  void theLandingPageIsPublicHtmlWithLinksToEverything() {
    HttpResponse<String> root = anonymous().get("/", "Accept", "text/html");
    assertThat(root.statusCode()).isEqualTo(200);
    assertThat(root.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(root.body()).contains("href=\"/console\"").contains("/fhir/metadata")
        .contains("/fhir/.well-known/smart-configuration").contains("/fhir/swagger-ui/").contains("/fhir/api-docs")
        .contains("/actuator/health").doesNotContain("<script");
    assertPageHeaders(root);
    assertThat(PageSecurityHeaders.PAGE_POLICY).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
  }

  @Test
  void theConsoleIsServedAsStaticFilesWithoutInlineScript() {
    for (String path : new String[] {"/console", "/console/", "/console/index.html"}) {
      HttpResponse<String> page = anonymous().get(path);
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type").orElse("")).as(path).startsWith("text/html");
      assertThat(page.body()).contains("<script type=\"module\" src=\"/console/console.js\"></script>")
          .doesNotContain("<script>").doesNotContain("onclick=").doesNotContain("style=");
      assertPageHeaders(page);
    }
    HttpResponse<String> script = anonymous().get("/console/console.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type").orElse("")).contains("javascript");
    assertThat(script.body()).contains("sessionStorage").doesNotContain("localStorage");
    HttpResponse<String> missing = anonymous().get("/console/nothing-here.js");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("OperationOutcome");
  }

  @Test
  void fhirPathsKeepTheirTokenAndFhirErrors() {
    HttpResponse<String> patients = anonymous().get("/fhir/Patient", "Accept", "text/html");
    assertThat(patients.statusCode()).isEqualTo(401);
    assertThat(patients.body()).contains("OperationOutcome");
    HttpResponse<String> post = anonymous().post("/console/index.html", "text/plain", "x");
    assertThat(post.statusCode()).as("only GET and HEAD of pages are public").isEqualTo(401);
    HttpResponse<String> elsewhere = anonymous().get("/nothing/here");
    assertThat(elsewhere.statusCode()).isEqualTo(401);
  }

  @Test
  void oneOpenApiHapisDescribingTheApiOnly() {
    HttpResponse<String> docs = anonymous().get("/fhir/api-docs", "Accept", "application/json");
    assertThat(docs.statusCode()).as(docs.body()).isEqualTo(200);
    assertThat(docs.body()).contains("openapi").contains("/Patient").doesNotContain("resourceCount");
    HttpResponse<String> ui = anonymous().get("/fhir/swagger-ui/", "Accept", "text/html");
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.headers().firstValue("Content-Security-Policy").orElse("")).contains("frame-ancestors 'none'");
    assertThat(anonymous().get("/fhir/swagger-ui/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
    FhirHttp system = http();
    for (String gone : new String[] {"/v3/api-docs", "/swagger-ui.html", "/swagger-ui/index.html"}) {
      HttpResponse<String> response = system.get(gone);
      assertThat(response.statusCode()).as(gone).isEqualTo(404);
      assertThat(response.body()).as(gone).contains("OperationOutcome");
    }
  }

  @Test
  void devSignInMintsOnlyPresetTokens() {
    HttpResponse<String> presets = anonymous().get(DevSignIn.PATH);
    assertThat(presets.statusCode()).isEqualTo(200);
    assertThat(presets.body()).contains("privacy-officer").contains("external-gp");
    HttpResponse<String> minted = anonymous().post(DevSignIn.PATH, "application/json", "{\"preset\":\"privacy-officer\"}");
    assertThat(minted.statusCode()).isEqualTo(200);
    assertThat(minted.headers().firstValue("Cache-Control")).hasValue("no-store");
    String token = minted.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
    HttpResponse<String> me = anonymous().withToken(token).get("/fhir/$requester");
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).contains("privacy-officer").contains("\"valueBoolean\":true");
    assertThat(anonymous().post(DevSignIn.PATH, "application/json",
        "{\"preset\":\"root\",\"extensions\":{\"hl7-b2b\":{\"subject_role\":\"privacy-officer\"}}}").statusCode())
        .as("no claims of the caller's own").isEqualTo(400);
    assertThat(anonymous().post(DevSignIn.PATH, "application/x-www-form-urlencoded", "preset=privacy-officer")
        .statusCode()).as("JSON only: no cross-site form posts").isGreaterThanOrEqualTo(400);
  }
}
