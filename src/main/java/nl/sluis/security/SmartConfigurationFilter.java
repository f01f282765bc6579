package nl.sluis.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * SMART App Launch discovery ({@code .well-known/smart-configuration}), at the server root and under
 * the FHIR base (where SMART clients look). Served by a filter because the FHIR servlet owns /fhir/*.
 */
@Component
public class SmartConfigurationFilter extends OncePerRequestFilter {

  private final byte[] document;

  public SmartConfigurationFilter(SecurityProperties properties, ObjectMapper json) throws IOException {
    this.document = json.writeValueAsBytes(smartConfiguration(properties));
  }

  static Map<String, Object> smartConfiguration(SecurityProperties properties) {
    Map<String, Object> configuration = new LinkedHashMap<>();
    configuration.put("issuer", properties.getIssuer());
    configuration.put("jwks_uri", properties.getJwksUrl().isBlank() ? null : properties.getJwksUrl());
    if (!properties.getAuthorizationEndpoint().isBlank()) {
      configuration.put("authorization_endpoint", properties.getAuthorizationEndpoint());
    }
    configuration.put("token_endpoint", properties.getTokenEndpoint());
    configuration.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
    configuration.put("grant_types_supported", List.of("client_credentials", "authorization_code"));
    configuration.put("scopes_supported", List.of(
        "system/*.cruds", "system/*.rs", "user/*.cruds", "user/*.rs", "patient/*.rs", "openid", "fhirUser"));
    configuration.put("response_types_supported", List.of("code"));
    configuration.put("code_challenge_methods_supported", List.of("S256"));
    configuration.put("capabilities", List.of(
        "client-confidential-asymmetric", "permission-v2", "permission-v1", "permission-patient",
        "permission-user", "context-standalone-patient"));
    configuration.values().removeIf(value -> value == null);
    return configuration;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    return !path.equals("/.well-known/smart-configuration")
        && !path.equals("/fhir/.well-known/smart-configuration");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setStatus(200);
    response.setContentType("application/json");
    response.getOutputStream().write(document);
  }
}
