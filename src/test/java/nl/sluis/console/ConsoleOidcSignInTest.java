package nl.sluis.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import nl.sluis.security.DevTokens;
import nl.sluis.server.SluisApplication;
import nl.sluis.testsupport.EmbeddedPostgresDatabase;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.HeadlessChromium;
import nl.sluis.testsupport.idp.TestIdentityProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The console's sign-in through a real OpenID Connect provider (Spring Authorization Server, started by this test as
 * its own application; {@link TestIdentityProvider}), and what the server then advertises. All OIDC tests live in this
 * one class and its one Spring context: Sluis as in production — no dev profile, no dev key — trusting the provider
 * through its discovery document ({@code sluis.security.issuer} and audience only). The context is closed after the
 * class, so that a third server context does not stay in the test JVM's memory.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(classes = SluisApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ConsoleOidcSignInTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestIdentityProvider provider;

  @LocalServerPort int port;
  @Autowired ApplicationContext context;

  @DynamicPropertySource
  static void configuration(DynamicPropertyRegistry registry) {
    registry.add("spring.datasource.url", () -> EmbeddedPostgresDatabase.createDatabase("sluis_oidc"));
    registry.add("spring.datasource.username", () -> EmbeddedPostgresDatabase.USER);
    registry.add("spring.datasource.password", () -> EmbeddedPostgresDatabase.PASSWORD);
    registry.add("sluis.organization.ura", () -> TestIdentityProvider.OWN_URA);
    registry.add("sluis.security.issuer", () -> provider().issuer());
    registry.add("sluis.security.audience", () -> TestIdentityProvider.AUDIENCE);
    registry.add("sluis.console.oidc.issuer", () -> provider().issuer());
    registry.add("sluis.console.oidc.client-id", () -> TestIdentityProvider.CONSOLE_CLIENT_ID);
  }

  /** Started before the server, which reads the provider's discovery document at start-up. */
  private static synchronized TestIdentityProvider provider() {
    if (provider == null) {
      provider = TestIdentityProvider.start();
    }
    return provider;
  }

  @AfterAll
  static void stopProvider() {
    if (provider != null) {
      provider.close();
    }
  }

  private FhirHttp anonymous() {
    return new FhirHttp("http://127.0.0.1:" + port);
  }

  private String consoleUrl() {
    return "http://127.0.0.1:" + port + "/console";
  }

  @Test
  void smartConfigurationAdvertisesTheProvidersEndpointsAndTheAuthorizationCodeFlow() throws IOException {
    JsonNode discovered = JSON.readTree(new FhirHttp(provider().issuer())
        .get("/.well-known/openid-configuration").body());
    for (String path : new String[] {"/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration"}) {
      HttpResponse<String> response = anonymous().get(path);
      assertThat(response.statusCode()).isEqualTo(200);
      JsonNode smart = JSON.readTree(response.body());
      assertThat(smart.path("issuer").asText()).isEqualTo(provider().issuer());
      for (String endpoint : new String[] {"authorization_endpoint", "token_endpoint", "jwks_uri", "end_session_endpoint"}) {
        assertThat(smart.path(endpoint).asText()).as(endpoint).isNotBlank().isEqualTo(discovered.path(endpoint).asText());
      }
      assertThat(smart.path("grant_types_supported").toString()).contains("authorization_code");
      assertThat(smart.path("code_challenge_methods_supported").toString()).isEqualTo("[\"S256\"]");
      assertThat(smart.path("token_endpoint_auth_methods_supported"))
          .isEqualTo(discovered.path("token_endpoint_auth_methods_supported"));
      assertThat(smart.path("capabilities").toString()).contains("launch-standalone", "client-public",
          "sso-openid-connect");
    }
    String metadata = anonymous().get("/fhir/metadata").body();
    assertThat(metadata).contains(discovered.path("authorization_endpoint").asText())
        .contains(discovered.path("token_endpoint").asText());
  }

  @Test
  void theConsoleIsToldTheProviderAndItsPagesMayReachItTheDevSignInDoesNotExist() {
    HttpResponse<String> options = anonymous().get("/console/sign-in-options");
    assertThat(options.statusCode()).isEqualTo(200);
    assertThat(options.body()).contains("\"issuer\":\"" + provider().issuer() + "\"")
        .contains("\"client_id\":\"" + TestIdentityProvider.CONSOLE_CLIENT_ID + "\"").contains("openid");
    String csp = anonymous().get("/console").headers().firstValue("Content-Security-Policy").orElse("");
    assertThat(csp).contains("connect-src 'self' " + provider().issuer() + ";")
        .contains("form-action 'self' " + provider().issuer() + ";").contains("script-src 'self';");

    // outside the dev profile the dev sign-in neither exists nor answers, whatever the method
    assertThat(context.getBeansOfType(DevSignIn.class)).isEmpty();
    assertThat(anonymous().get(DevSignIn.PATH).statusCode()).isEqualTo(401);
    assertThat(anonymous().post(DevSignIn.PATH, "application/json", "{\"preset\":\"privacy-officer\"}").statusCode())
        .isEqualTo(401);
    // and the dev key is not trusted: a dev token is refused
    String devToken = DevTokens.mint(new java.util.LinkedHashMap<>(java.util.Map.of("scope", "user/*.cruds")),
        Duration.ofMinutes(5));
    assertThat(anonymous().withToken(devToken).get("/fhir/$requester").statusCode()).isEqualTo(401);

    // the test dependency's authorization server never serves from Sluis
    assertThat(context.getBeanNamesForType(
        org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings.class)).isEmpty();
    assertThat(context.getBeanNamesForType(
        org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository.class)).isEmpty();
    for (String path : new String[] {"/oauth2/authorize", "/oauth2/jwks", "/.well-known/openid-configuration"}) {
      assertThat(anonymous().get(path).statusCode()).as(path).isEqualTo(401);
    }
  }

  @Test
  @EnabledIf(value = "nl.sluis.testsupport.HeadlessChromium#installed",
      disabledReason = "chromium and chromium-driver are not installed (.ci/run installs them)")
  void thePrivacyOfficerSignsInThroughTheProviderSeesThePolicyAndSignsOut() throws IOException {
    provider().registerConsole(consoleUrl());
    WebDriver driver = HeadlessChromium.start(Path.of("target", "console-downloads").toAbsolutePath());
    try {
      WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
      wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class); // pages change under the conditions
      JavascriptExecutor js = (JavascriptExecutor) driver;
      driver.get("http://127.0.0.1:" + port + "/");
      driver.findElement(By.cssSelector("a[href='/console']")).click();
      wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
      assertThat(driver.findElement(By.id("dev-signin")).isDisplayed()).as("no dev sign-in outside dev").isFalse();
      wait.until(ExpectedConditions.elementToBeClickable(By.id("oidc-signin-button"))).click();

      // the provider's own login page
      wait.until(d -> d.getCurrentUrl().startsWith(provider().issuer() + "/login")
          || !d.findElement(By.id("signin-error")).getText().isBlank());
      if (!driver.getCurrentUrl().startsWith(provider().issuer() + "/login")) {
        throw new AssertionError("sign-in error: " + driver.findElement(By.id("signin-error")).getText());
      }
      driver.findElement(By.id("username")).sendKeys(TestIdentityProvider.PRIVACY_OFFICER);
      driver.findElement(By.id("password")).sendKeys(TestIdentityProvider.PASSWORD);
      driver.findElement(By.cssSelector("button[type=submit]")).click();

      // back in the console, signed in as the privacy officer, on the policy page
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-out")));
      wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), "P. Olthof"));
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("view-policy")));
      wait.until(d -> !d.findElement(By.id("policy-status")).getText().isBlank());
      assertThat(driver.findElement(By.cssSelector("#tabs button[data-view=policy]")).isDisplayed()).isTrue();
      assertThat(driver.getCurrentUrl()).as("code and state are gone from the address bar").isEqualTo(consoleUrl());
      Object token = js.executeScript("return sessionStorage.getItem('sluis.console.token')");
      assertThat(token).as("the access token, in this tab's sessionStorage").isNotNull();
      assertThat(js.executeScript("return localStorage.length")).isEqualTo(0L);
      HttpResponse<String> me = anonymous().withToken(token.toString()).get("/fhir/$requester");
      assertThat(me.statusCode()).as("the provider's token is accepted by the server").isEqualTo(200);
      assertThat(me.body()).contains("privacy-officer").contains("po-idp-1");
      HeadlessChromium.screenshot(driver, "oidc-signed-in");

      // sign-out: the token is gone, the provider's session is ended and it sends the browser back
      driver.findElement(By.id("sign-out")).click();
      try {
        wait.until(ExpectedConditions.urlToBe(consoleUrl()));
      } catch (org.openqa.selenium.TimeoutException e) {
        throw new AssertionError("not back from the provider's sign-out: " + driver.getCurrentUrl() + "\n"
            + driver.getPageSource(), e);
      }
      wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("oidc-signin-button")));
      assertThat(js.executeScript("return sessionStorage.length")).isEqualTo(0L);
      driver.navigate().refresh();
      wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
      assertThat(driver.findElement(By.id("view-signin")).isDisplayed()).as("a reload shows the sign-in").isTrue();
      assertThat(driver.findElement(By.id("sign-out")).isDisplayed()).isFalse();
      HeadlessChromium.screenshot(driver, "oidc-signed-out");
      driver.findElement(By.id("oidc-signin-button")).click();
      wait.until(ExpectedConditions.urlContains(provider().issuer() + "/login"));
      assertThat(driver.findElement(By.id("username")).isDisplayed())
          .as("the provider's session ended too: signing in again asks for the password").isTrue();
    } finally {
      driver.quit();
    }
  }
}
