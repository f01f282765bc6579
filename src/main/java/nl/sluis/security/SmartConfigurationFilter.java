package nl.sluis.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.sluis.server.OperationOutcomeResponses;
import nl.sluis.server.language.Messages;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * SMART App Launch discovery ({@code .well-known/smart-configuration}), at the server root and under
 * the FHIR base (where SMART clients look). Served by a filter because the FHIR servlet owns /fhir/*.
 * It says what the identity provider really offers: the authorization code flow (with PKCE S256) only when an
 * authorization endpoint is known, from the provider's discovery document or the configuration.
 */
@Component
public class SmartConfigurationFilter extends OncePerRequestFilter {

  static final List<String> PATHS = List.of("/.well-known/smart-configuration", "/fhir/.well-known/smart-configuration");
  private final byte[] document;

  public SmartConfigurationFilter(IdentityProvider provider, ObjectMapper json) throws IOException {
    this.document = json.writeValueAsBytes(smartConfiguration(provider));
  }

  static Map<String, Object> smartConfiguration(IdentityProvider provider) {
    boolean authorizationCode = provider.offersAuthorizationCode();
    Map<String, Object> configuration = new LinkedHashMap<>();
    configuration.put("issuer", provider.issuer());
    configuration.put("jwks_uri", provider.jwksUri());
    if (authorizationCode) {
      configuration.put("authorization_endpoint", provider.authorizationEndpoint());
    }
    configuration.put("token_endpoint", provider.tokenEndpoint());
    configuration.put("token_endpoint_auth_methods_supported", provider.tokenEndpointAuthMethods().isEmpty()
        ? List.of("private_key_jwt") : provider.tokenEndpointAuthMethods());
    configuration.put("grant_types_supported", authorizationCode
        ? List.of("client_credentials", "authorization_code") : List.of("client_credentials"));
    configuration.put("scopes_supported", List.of(
        "system/*.cruds", "system/*.rs", "user/*.cruds", "user/*.rs", "patient/*.rs", "openid", "fhirUser"));
    if (authorizationCode) {
      configuration.put("response_types_supported", List.of("code"));
      configuration.put("code_challenge_methods_supported", List.of("S256"));
    }
    if (provider.endSessionEndpoint() != null) {
      configuration.put("end_session_endpoint", provider.endSessionEndpoint());
    }
    List<String> capabilities = new ArrayList<>(List.of(
        "client-confidential-asymmetric", "permission-v2", "permission-v1", "permission-patient", "permission-user"));
    if (authorizationCode) {
      capabilities.addAll(List.of("launch-standalone", "client-public", "context-standalone-patient"));
    }
    if (provider.discovered()) {
      capabilities.add("sso-openid-connect");
    }
    configuration.put("capabilities", capabilities);
    configuration.values().removeIf(value -> value == null);
    return configuration;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !PATHS.contains(request.getRequestURI().substring(request.getContextPath().length()));
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
      response.setHeader("Allow", "GET, HEAD");
      OperationOutcomeResponses.write(response, 405, "not-supported", Messages.text("smart.getOnly"));
      return;
    }
    response.setStatus(200);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "max-age=300");
    response.setContentLength(document.length);
    if ("GET".equals(request.getMethod())) {
      response.getOutputStream().write(document);
    }
  }
}
