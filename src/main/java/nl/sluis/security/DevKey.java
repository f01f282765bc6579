package nl.sluis.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The key pair shipped in the repository ({@code classpath:dev/}) so that a newcomer can mint tokens.
 * Anyone can read its private half: a server outside the {@code dev} profile refuses to start while it
 * trusts this key.
 */
public final class DevKey {

  public static final String PUBLIC_JWKS = "dev/dev-jwks.json";
  public static final String SIGNING_JWKS = "dev/dev-signing-key.jwks.json";
  public static final String ISSUER = "https://sluis.dev.invalid/issuer";
  public static final String AUDIENCE = "sluis";

  private DevKey() {}

  public static JWKSet load(String resource) {
    try (InputStream in = DevKey.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("Missing " + resource);
      }
      return JWKSet.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException | ParseException e) {
      throw new IllegalStateException("Cannot read " + resource, e);
    }
  }

  /** Fails start-up when the trusted keys include the dev key and the dev profile is not active. */
  static void refuseOutsideDev(boolean devProfile, JWKSource<SecurityContext> trusted) {
    if (devProfile) {
      return;
    }
    Set<String> devThumbprints = thumbprints(load(PUBLIC_JWKS).getKeys());
    List<JWK> keys;
    try {
      keys = trusted.get(new JWKSelector(new JWKMatcher.Builder().build()), null);
    } catch (Exception unreachable) {
      // A JWKS URL that cannot be fetched now is checked when tokens arrive; it cannot be the file here.
      return;
    }
    if (thumbprints(keys).stream().anyMatch(devThumbprints::contains)) {
      throw new IllegalStateException("The configured JWKS trusts Sluis's public development key. "
          + "Its private key is in the repository; it is only allowed with the 'dev' profile.");
    }
  }

  private static Set<String> thumbprints(List<JWK> keys) {
    return keys.stream().map(key -> {
      try {
        return key.toPublicJWK().computeThumbprint().toString();
      } catch (JOSEException e) {
        throw new IllegalStateException(e);
      }
    }).collect(Collectors.toSet());
  }
}
