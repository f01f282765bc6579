package nl.sluis.security;

import jakarta.servlet.http.HttpServletResponse;
import nl.sluis.server.OperationOutcomeResponses;
import nl.sluis.server.language.Messages;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The operators' endpoints ({@code /actuator/*} apart from health): metrics and build info are for whoever
 * runs the server, not for the professionals and systems that hold FHIR tokens, so they take their own
 * credential (HTTP Basic, one operator account, the password stored encoded as
 * {@code sluis.management.password}) and never a FHIR bearer token. Without a configured password they are
 * closed to everyone. Health stays open for load balancers and orchestrators (it answers UP/DOWN only).
 */
@Configuration
public class OperatorEndpointsSecurity {

  private static final String REALM = "sluis-operations";

  @Bean
  @Order(1)
  public SecurityFilterChain operatorEndpoints(HttpSecurity http,
      @Value("${sluis.management.username:operator}") String username,
      @Value("${sluis.management.password:}") String encodedPassword, Environment environment) throws Exception {
    http.securityMatcher(request -> {
          String path = request.getRequestURI().substring(request.getContextPath().length());
          return path.startsWith("/actuator") && !path.equals("/actuator/health") && !path.startsWith("/actuator/health/");
        })
        .csrf(AbstractHttpConfigurer::disable)
        .formLogin(AbstractHttpConfigurer::disable)
        .logout(AbstractHttpConfigurer::disable)
        .requestCache(AbstractHttpConfigurer::disable)
        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .userDetailsService(operators(username, encodedPassword, environment))
        .httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint((request, response, refused) ->
            challenge(response)))
        .exceptionHandling(handling -> handling.authenticationEntryPoint((request, response, refused) ->
            challenge(response)))
        .authorizeHttpRequests(requests -> requests.anyRequest().authenticated());
    return http.build();
  }

  /** Spring Security's encoded form, {@code {id}value}: a hash, or plain text in the dev profile only. */
  private static final java.util.regex.Pattern ENCODED =
      java.util.regex.Pattern.compile("\\{(bcrypt|argon2@SpringSecurity_v5_8|pbkdf2@SpringSecurity_v5_8|scrypt@SpringSecurity_v5_8|noop)}.+");

  static UserDetailsService operators(String username, String encodedPassword, Environment environment) {
    InMemoryUserDetailsManager operators = new InMemoryUserDetailsManager();
    if (!encodedPassword.isBlank()) {
      if (!ENCODED.matcher(encodedPassword).matches()) {
        throw new IllegalStateException("sluis.management.password must be an encoded password such as "
            + "{bcrypt}$2a$10$... (see README, Operations)");
      }
      if (encodedPassword.startsWith("{noop}") && !SecurityConfiguration.isDev(environment)) {
        throw new IllegalStateException("sluis.management.password in plain text ({noop}) is only allowed with "
            + "the 'dev' profile; store a hash such as {bcrypt}...");
      }
      // The default password encoder of Spring Security delegates on the {id} prefix.
      operators.createUser(User.withUsername(username).password(encodedPassword).roles("OPERATOR").build());
    }
    return operators;
  }

  private static void challenge(HttpServletResponse response) throws java.io.IOException {
    response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\"");
    OperationOutcomeResponses.write(response, 401, "login", Messages.text("operator.credentialRequired"));
  }
}
