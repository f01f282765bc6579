package nl.sluis.security;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.JWTParser;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.core.io.ResourceLoader;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Builds the token verifier: signatures RS256 or ES256 only (no {@code none}, no HMAC), keys from the
 * configured JWKS, then issuer, audience, {@code exp}/{@code nbf} with the configured clock skew.
 */
final class JwtDecoderFactory {

  static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  private JwtDecoderFactory() {}

  static JwtDecoder create(SecurityProperties properties, JWKSource<SecurityContext> keys) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ACCEPTED_ALGORITHMS, keys));
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
        JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    // Claims are checked by Spring's validators below, with our clock skew.
    processor.setJWTClaimsSetVerifier((claims, context) -> {});
    NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
    List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
    validators.add(new JwtTimestampValidator(properties.getClockSkew()));
    validators.add(new JwtIssuerValidator(properties.getIssuer()));
    validators.add(audienceValidator(properties.getAudience()));
    validators.add(expiryRequired());
    decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
    return new VerifiedTokenCache(token -> {
      refuseUnacceptedAlgorithm(token);
      return decoder.decode(token);
    });
  }

  /**
   * Nimbus reports a refused algorithm and an unknown key with one message; checking the header first
   * lets the 401 say which it was.
   */
  private static void refuseUnacceptedAlgorithm(String token) {
    Algorithm algorithm;
    try {
      algorithm = JWTParser.parse(token).getHeader().getAlgorithm();
    } catch (ParseException e) {
      throw new BadJwtException("Malformed token", e);
    }
    if (!(algorithm instanceof JWSAlgorithm jws) || !ACCEPTED_ALGORITHMS.contains(jws)) {
      throw new BadJwtException("Unsupported algorithm " + algorithm);
    }
  }

  static JWKSource<SecurityContext> keySource(SecurityProperties properties, ResourceLoader resources) {
    boolean hasUrl = !properties.getJwksUrl().isBlank();
    boolean hasFile = !properties.getJwksFile().isBlank();
    if (hasUrl == hasFile) {
      throw new IllegalStateException(
          "Configure exactly one of sluis.security.jwks-url and sluis.security.jwks-file");
    }
    if (properties.getIssuer().isBlank() || properties.getAudience().isEmpty()) {
      throw new IllegalStateException("sluis.security.issuer and sluis.security.audience are required");
    }
    if (hasFile) {
      return new FileJwkSource(resources.getResource(properties.getJwksFile()));
    }
    try {
      // Unknown key ids trigger a (rate-limited) refetch: rotation without restart.
      return JWKSourceBuilder.create(URI.create(properties.getJwksUrl()).toURL()).retrying(true).build();
    } catch (MalformedURLException e) {
      throw new IllegalStateException("sluis.security.jwks-url is not a URL", e);
    }
  }

  private static OAuth2TokenValidator<Jwt> audienceValidator(List<String> accepted) {
    return jwt -> jwt.getAudience() != null && jwt.getAudience().stream().anyMatch(accepted::contains)
        ? OAuth2TokenValidatorResult.success()
        : OAuth2TokenValidatorResult.failure(
            new OAuth2Error("invalid_token", "The token's audience is not this server", null));
  }

  private static OAuth2TokenValidator<Jwt> expiryRequired() {
    return jwt -> jwt.getExpiresAt() != null
        ? OAuth2TokenValidatorResult.success()
        : OAuth2TokenValidatorResult.failure(
            new OAuth2Error("invalid_token", "The token has no expiry (exp)", null));
  }
}
