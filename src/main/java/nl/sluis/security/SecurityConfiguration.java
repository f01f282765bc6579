package nl.sluis.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import nl.sluis.server.FhirRestfulServerConfiguration.FhirServerCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Sluis is an OAuth2 resource server: every request needs a verified bearer token, except the
 * CapabilityStatement, SMART discovery and the health probes. The authorization server is external.
 */
@Configuration
public class SecurityConfiguration {

  static final String[] PUBLIC_PATHS = {
    "/fhir/metadata", "/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration",
    "/actuator/health", "/actuator/health/**"
  };

  /**
   * Static pages and the API's description, read with GET (or HEAD) without a token: the landing page, the console's
   * HTML/CSS/JS and sign-in options (issuer and public client id), HAPI's OpenAPI document and Swagger UI. They hold
   * no data; everything the console shows is fetched
   * from the FHIR API with the user's own token.
   */
  static final String[] PUBLIC_PAGES = {
    "/", "/index.html", "/landing.css", "/console", "/console/", "/console/*.html", "/console/*.js", "/console/*.css",
    "/console/*.svg", "/console/sign-in-options", "/fhir/api-docs", "/fhir/swagger-ui/", "/fhir/swagger-ui/*"
  };

  /** The dev sign-in (nl.sluis.console.DevSignIn), only in the dev profile. */
  static final String DEV_SIGN_IN = "/console/dev-sign-in";

  /** Who issues the tokens and where its endpoints are: configured, or from its discovery document at start-up. */
  @Bean
  public IdentityProvider identityProvider(SecurityProperties properties) {
    return IdentityProviderDiscovery.resolve(properties);
  }

  @Bean
  public JWKSource<SecurityContext> trustedKeys(SecurityProperties properties, IdentityProvider provider,
      ResourceLoader resources, Environment environment) {
    return JwtDecoderFactory.keySource(properties, provider, resources, new DevKeyRefusal(isDev(environment)));
  }

  @Bean
  public JwtDecoder jwtDecoder(SecurityProperties properties, JWKSource<SecurityContext> trustedKeys) {
    return JwtDecoderFactory.create(properties, trustedKeys);
  }

  @Bean
  public SecurityFilterChain securityFilterChain(HttpSecurity http, JwtDecoder decoder,
      @Value("${sluis.security.enabled:true}") boolean enabled, Environment environment) throws Exception {
    BearerTokenProblemWriter problems = new BearerTokenProblemWriter("sluis");
    http.csrf(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .httpBasic(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .exceptionHandling(handling -> handling.authenticationEntryPoint(problems).accessDeniedHandler(problems));
    if (!enabled) {
      if (!isDev(environment)) {
        throw new IllegalStateException("sluis.security.enabled=false is only allowed with the 'dev' profile");
      }
      return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
    }
    http.authorizeHttpRequests(requests -> requests
            // An error dispatch renders an OperationOutcome for a request that already passed (or was refused by)
            // this chain; refusing it would turn every error into a 401.
            .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
            .requestMatchers(PUBLIC_PATHS).permitAll()
            .requestMatchers(HttpMethod.GET, PUBLIC_PAGES).permitAll()
            .requestMatchers(HttpMethod.HEAD, PUBLIC_PAGES).permitAll()
            .requestMatchers(request -> isDev(environment) && DEV_SIGN_IN.equals(request.getRequestURI()
                .substring(request.getContextPath().length()))).permitAll()
            .requestMatchers(SecurityConfiguration::isCorsPreflight).permitAll()
            .anyRequest().authenticated())
        .oauth2ResourceServer(server -> server
            .jwt(jwt -> jwt.decoder(decoder))
            .authenticationEntryPoint(problems)
            .accessDeniedHandler(problems));
    return http.build();
  }

  @Bean
  public RequesterContextFactory requesterContextFactory(SecurityProperties properties,
      @Value("${sluis.organization.ura}") String ownUra) {
    if (!ownUra.matches("\\d{8}")) {
      throw new IllegalStateException("sluis.organization.ura must be this organisation's 8-digit URA");
    }
    return new RequesterContextFactory(properties.getClaims(), ownUra);
  }

  @Bean
  @Order(10)
  public FhirServerCustomizer requesterInterceptors(RequesterContextFactory factory,
      IdentityProvider provider, @Value("${sluis.security.enabled:true}") boolean enabled) {
    return server -> {
      server.registerInterceptor(new CapabilityStatementSecurity(provider));
      if (enabled) {
        server.registerInterceptor(new RequesterContextInterceptor(factory));
        server.registerInterceptor(new ScopeEnforcementInterceptor());
        server.registerInterceptor(new PatientCompartmentInterceptor());
        server.registerProvider(new RequesterOperationProvider());
      }
    };
  }

  static boolean isDev(Environment environment) {
    return Arrays.asList(environment.getActiveProfiles()).contains("dev");
  }

  private static boolean isCorsPreflight(HttpServletRequest request) {
    return HttpMethod.OPTIONS.matches(request.getMethod()) && request.getHeader("Origin") != null
        && request.getHeader("Access-Control-Request-Method") != null;
  }
}
