package nl.sluis.testsupport.idp;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import nl.sluis.security.RequesterContext;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * A real OpenID Connect provider for the console's sign-in tests: Spring Authorization Server, started as its own
 * small Spring application on a random port of 127.0.0.1, with users who sign in through its login form and a token
 * customizer that puts Sluis's claims into the access token (what a Keycloak or Entra ID admin maps; README). Its
 * issuer is derived from the request ({@code http://127.0.0.1:<port>}).
 *
 * <p>Deliberately not {@code @SpringBootApplication}: no component scan (nothing of Sluis is picked up), only the
 * auto-configurations a servlet server with Spring Security needs, and its own (absent) configuration file name, so
 * Sluis's application.yaml is not read either.
 */
public final class TestIdentityProvider implements AutoCloseable {

  public static final String CONSOLE_CLIENT_ID = "sluis-console";
  public static final String AUDIENCE = "sluis";
  public static final String PASSWORD = "test-password-1";
  /** The privacy officer of the organisation with URA 00000001 (the test server's own). */
  public static final String PRIVACY_OFFICER = "p.olthof";
  public static final String OWN_URA = "00000001";

  private final ConfigurableApplicationContext context;
  private final int port;

  private TestIdentityProvider(ConfigurableApplicationContext context) {
    this.context = context;
    this.port = ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  public static TestIdentityProvider start() {
    return new TestIdentityProvider(new SpringApplicationBuilder(Provider.class)
        .properties("spring.config.name=sluis-test-idp", "server.port=0", "server.address=127.0.0.1",
            // Sluis runs on 127.0.0.1 too (the same site, so the logout form post carries this session's cookie);
            // its own cookie name keeps the two apart
            "server.servlet.session.cookie.name=IDP_SESSION", "spring.main.banner-mode=off")
        .run());
  }

  public String issuer() {
    return "http://127.0.0.1:" + port;
  }

  /** Registers the console of a Sluis server as a public client (PKCE required) with its exact sign-out return. */
  public void registerConsole(String consoleUrl) {
    context.getBean(Clients.class).save(RegisteredClient.withId(UUID.randomUUID().toString())
        .clientId(CONSOLE_CLIENT_ID)
        .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
        .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
        .redirectUri(consoleUrl)
        .postLogoutRedirectUri(consoleUrl)
        .scope(OidcScopes.OPENID).scope("fhirUser").scope("user/*.cruds")
        .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
        .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(10)).build())
        .build());
  }

  @Override
  public void close() {
    context.close();
  }

  /** Registered clients, added by the test once it knows Sluis's address. */
  static final class Clients implements RegisteredClientRepository {
    private final Map<String, RegisteredClient> byId = new ConcurrentHashMap<>();

    @Override
    public void save(RegisteredClient client) {
      byId.values().removeIf(existing -> existing.getClientId().equals(client.getClientId()));
      byId.put(client.getId(), client);
    }

    @Override
    public RegisteredClient findById(String id) {
      return byId.get(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
      return byId.values().stream().filter(c -> c.getClientId().equals(clientId)).findFirst().orElse(null);
    }
  }

  /**
   * The provider's application. Not a {@code @Configuration}: Sluis scans {@code nl.sluis} for components, and the
   * test classpath holds this class, so the annotation would put an authorization server into the server under test.
   * Registered as the application's source, its {@code @Bean} methods still count.
   */
  @ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, ServletWebServerFactoryAutoConfiguration.class,
      DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class, JacksonAutoConfiguration.class,
      HttpMessageConvertersAutoConfiguration.class, SecurityAutoConfiguration.class,
      SecurityFilterAutoConfiguration.class})
  static class Provider {

    /** The authorization server's endpoints, OpenID Connect included (discovery, userinfo, RP-initiated logout). */
    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
      OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
      http.securityMatcher(server.getEndpointsMatcher())
          .with(server, configurer -> configurer.oidc(Customizer.withDefaults()))
          .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
          .cors(Customizer.withDefaults())
          .exceptionHandling(handling -> handling.defaultAuthenticationEntryPointFor(
              new LoginUrlAuthenticationEntryPoint("/login"), new MediaTypeRequestMatcher(MediaType.TEXT_HTML)));
      return http.build();
    }

    /** Everything else: the login form. */
    @Bean
    @Order(2)
    SecurityFilterChain login(HttpSecurity http) throws Exception {
      http.authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
          .formLogin(Customizer.withDefaults());
      return http.build();
    }

    /**
     * The console (a page on another origin) reads discovery and posts to the token endpoint from the browser, as a
     * Keycloak client's "Web origins" or an Entra ID single-page-application registration allow.
     */
    @Bean
    CorsConfigurationSource corsConfigurationSource() { // found by this name by cors(withDefaults())
      CorsConfiguration cors = new CorsConfiguration();
      cors.setAllowedOriginPatterns(List.of("http://127.0.0.1:[*]"));
      cors.setAllowedMethods(List.of("GET", "POST"));
      cors.setAllowedHeaders(List.of("Accept", "Content-Type"));
      UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
      // only what the page fetches: the sign-out is a form post (a navigation, sent with Origin: null under the
      // console's no-referrer policy), which a CORS check would refuse
      for (String path : List.of("/.well-known/openid-configuration", "/oauth2/token", "/oauth2/jwks", "/userinfo")) {
        source.registerCorsConfiguration(path, cors);
      }
      return source;
    }

    @Bean
    UserDetailsService users() {
      return new InMemoryUserDetailsManager(
          User.withUsername(PRIVACY_OFFICER).password("{noop}" + PASSWORD).roles("USER").build());
    }

    @Bean
    Clients clients() {
      return new Clients();
    }

    /**
     * What the organisation's identity provider is configured to put into the access token for Sluis: the audience,
     * the HL7 UDAP B2B claims (organisation URA, user, name, role) and fhirUser, per user.
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> sluisClaims() {
      return context -> {
        if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
          return;
        }
        if (PRIVACY_OFFICER.equals(context.getPrincipal().getName())) {
          context.getClaims().audience(List.of(AUDIENCE))
              .claim("fhirUser", "PractitionerRole/privacy-officer-01")
              .claim("extensions", Map.of("hl7-b2b", Map.of(
                  "version", "1",
                  "organization_id", RequesterContext.URA_SYSTEM + "|" + OWN_URA,
                  "subject_id", "po-idp-1",
                  "subject_name", "P. Olthof",
                  "subject_role", "privacy-officer")));
        }
      };
    }

    @Bean
    JWKSource<SecurityContext> signingKeys() throws Exception {
      RSAKey key = new RSAKeyGenerator(2048).keyID("test-idp-" + UUID.randomUUID()).generate();
      return new ImmutableJWKSet<>(new JWKSet(key));
    }

    @Bean
    JwtDecoder jwtDecoder(JWKSource<SecurityContext> signingKeys) {
      return OAuth2AuthorizationServerConfiguration.jwtDecoder(signingKeys);
    }

    @Bean
    AuthorizationServerSettings settings() {
      return AuthorizationServerSettings.builder().build();
    }
  }
}
