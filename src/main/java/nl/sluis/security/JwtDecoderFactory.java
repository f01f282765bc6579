package nl.sluis.security;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.JWTParser;
import java.net.MalformedURLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.text.ParseException;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

  private static final Logger log = LoggerFactory.getLogger(JwtDecoderFactory.class);
  static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  private JwtDecoderFactory() {}

  static JwtDecoder create(SecurityProperties properties, JWKSource<SecurityContext> keys) {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ACCEPTED_ALGORITHMS, keys));
    processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
        JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    // Claims are checked by Spring's validators below, with our clock skew; Spring has no iat check.
    Duration skew = properties.getClockSkew();
    processor.setJWTClaimsSetVerifier((claims, context) -> refuseIssuedInTheFuture(claims, skew));
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
   * A token issued in the future (beyond the clock skew) is refused, saying so: unchecked, one whose
   * {@code iat} lies past its {@code exp} would fail in Spring's {@code Jwt} with a message about
   * "issuedAt" that reads like an untrusted issuer.
   */
  private static void refuseIssuedInTheFuture(JWTClaimsSet claims, Duration skew) throws BadJWTException {
    Date issued = claims.getIssueTime();
    if (issued == null) {
      return;
    }
    if (issued.toInstant().isAfter(Instant.now().plus(skew))) {
      throw new BadJWTException("The token was issued in the future (iat)");
    }
    Date expires = claims.getExpirationTime();
    if (expires != null && !expires.after(issued)) {
      throw new BadJWTException("The token expires before it was issued");
    }
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

  /**
   * The trusted keys: the JWKS file or URL, with the dev key refused on every load ({@link DevKeyRefusal}).
   * A URL is fetched once now, outside the dev profile, so that a configuration trusting the dev key fails
   * start-up; if it cannot be reached now, the refusal still applies to every later fetch.
   */
  static JWKSource<SecurityContext> keySource(SecurityProperties properties, ResourceLoader resources,
      DevKeyRefusal devKey) {
    return keySource(properties, IdentityProvider.configured(properties), resources, devKey);
  }

  /**
   * As above, with the JWKS URL of the resolved identity provider: the configured one or, when neither URL nor file
   * is configured, the one its discovery document names.
   */
  static JWKSource<SecurityContext> keySource(SecurityProperties properties, IdentityProvider provider,
      ResourceLoader resources, DevKeyRefusal devKey) {
    boolean hasUrl = provider.jwksUri() != null;
    boolean hasFile = !properties.getJwksFile().isBlank();
    if (hasUrl == hasFile) {
      throw new IllegalStateException("Configure exactly one of sluis.security.jwks-url and sluis.security.jwks-file, "
          + "or neither and sluis.security.issuer, whose discovery document then names the keys");
    }
    if (properties.getIssuer().isBlank() || properties.getAudience().isEmpty()) {
      throw new IllegalStateException("sluis.security.issuer and sluis.security.audience are required");
    }
    if (hasFile) {
      return devKey.guard(new FileJwkSource(resources.getResource(properties.getJwksFile()), devKey));
    }
    URL url;
    try {
      url = URI.create(provider.jwksUri()).toURL();
    } catch (MalformedURLException | IllegalArgumentException e) {
      throw new IllegalStateException("The JWKS URL " + provider.jwksUri() + " is not a URL", e);
    }
    JWKSetSource<SecurityContext> fetch = new URLBasedJWKSetSource<>(url, new DefaultResourceRetriever(
        JWKSourceBuilder.DEFAULT_HTTP_CONNECT_TIMEOUT, JWKSourceBuilder.DEFAULT_HTTP_READ_TIMEOUT,
        JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT));
    if (!devKey.allowsDevKey()) {
      refuseAtStart(fetch, url, devKey);
    }
    // Unknown key ids trigger a (rate-limited) refetch: rotation without restart. The screen sits below
    // the cache, so every fetch and refresh is checked.
    return devKey.guard(JWKSourceBuilder.create(devKey.screening(fetch, url.toString())).retrying(true).build());
  }

  private static void refuseAtStart(JWKSetSource<SecurityContext> fetch, URL url, DevKeyRefusal devKey) {
    JWKSet keys;
    try {
      keys = fetch.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), System.currentTimeMillis(), null);
    } catch (KeySourceException unreachable) {
      log.warn("The JWKS at {} cannot be fetched now ({}); its keys, and the refusal of the development "
          + "key, are checked when it is fetched for the first token.", url, unreachable.getMessage());
      return;
    }
    devKey.refuseAtStart(keys, url.toString());
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
