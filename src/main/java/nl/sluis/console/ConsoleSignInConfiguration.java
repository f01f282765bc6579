package nl.sluis.console;

import java.util.LinkedHashMap;
import java.util.Map;
import nl.sluis.security.IdentityProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The console's OpenID Connect sign-in: checked at start-up, and told to the page by {@link SignInOptions}. */
@Configuration
public class ConsoleSignInConfiguration {

  @Bean
  public ConsoleSignIn consoleSignIn(ConsoleOidcProperties properties, IdentityProvider provider) {
    return ConsoleSignIn.of(properties, provider);
  }

  /**
   * {@code GET /console/sign-in-options}: the issuer, client id and scopes the page signs in with (public, like the
   * page itself: a public client's id is no secret). The page reads the provider's endpoints from its discovery
   * document itself.
   */
  @RestController
  public static class SignInOptions {

    static final String PATH = "/console/sign-in-options";
    private final ConsoleSignIn signIn;

    public SignInOptions(ConsoleSignIn signIn) {
      this.signIn = signIn;
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Map<String, Object>> options() {
      Map<String, Object> options = new LinkedHashMap<>();
      if (signIn.enabled()) {
        options.put("oidc", Map.of("issuer", signIn.issuer(), "client_id", signIn.clientId(), "scope", signIn.scope()));
      }
      return ResponseEntity.ok().header("Cache-Control", "no-store").body(options);
    }
  }
}
