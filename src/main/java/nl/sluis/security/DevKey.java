package nl.sluis.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The key pair shipped in the repository ({@code classpath:dev/}) so that a newcomer can mint tokens.
 * Anyone can read its private half: outside the {@code dev} profile it is never trusted
 * ({@link DevKeyRefusal}).
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

  /** Whether this key is the public half of the repository's dev key, under whatever {@code kid}. */
  static boolean isDevKey(JWK key) {
    return DevThumbprints.VALUES.contains(thumbprint(key));
  }

  /** Computed once, on first use: the dev key never changes while the server runs. */
  private static final class DevThumbprints {
    static final Set<String> VALUES = thumbprints(load(PUBLIC_JWKS).getKeys());
  }

  private static Set<String> thumbprints(List<JWK> keys) {
    return keys.stream().map(DevKey::thumbprint).collect(Collectors.toSet());
  }

  /** RFC 7638: over the key's public parameters only, so a renamed or re-annotated copy matches too. */
  private static String thumbprint(JWK key) {
    try {
      return key.toPublicJWK().computeThumbprint().toString();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }
}
