package nl.sluis.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the repository's public dev key ({@link DevKey}) out of the trusted keys outside the {@code dev}
 * profile, however it arrives: start-up fails while the configuration holds it, every later load of the
 * keys (a JWKS URL fetch or refresh, a JWKS file re-read) drops it with an error in the log, and the key
 * selection the verifier uses never returns it. A check only at start-up is not enough: a JWKS URL that
 * cannot be reached then, or a file edited later, would bring the key in unchecked.
 */
final class DevKeyRefusal {

  private static final Logger log = LoggerFactory.getLogger(DevKeyRefusal.class);
  private final boolean devProfile;

  DevKeyRefusal(boolean devProfile) {
    this.devProfile = devProfile;
  }

  boolean allowsDevKey() {
    return devProfile;
  }

  /** At start-up: fail loudly, so that a misconfigured production server does not come up at all. */
  JWKSet refuseAtStart(JWKSet keys, String source) {
    if (!devProfile && keys.getKeys().stream().anyMatch(DevKey::isDevKey)) {
      throw new IllegalStateException("The JWKS at " + source + " contains Sluis's public development key. "
          + "Its private key is in the repository; it is only allowed with the 'dev' profile.");
    }
    return keys;
  }

  /**
   * On a reload while running: drop the dev key and keep the others, so that a key rotation still works
   * and nobody is locked out, but no token signed with the dev key is accepted.
   */
  JWKSet withoutDevKey(JWKSet keys, String source) {
    if (devProfile || keys.getKeys().stream().noneMatch(DevKey::isDevKey)) {
      return keys;
    }
    log.error("The JWKS at {} contains Sluis's public development key; it is not trusted outside the "
        + "'dev' profile (tokens it signed are refused). Remove it from the JWKS.", source);
    return new JWKSet(keys.getKeys().stream().filter(key -> !DevKey.isDevKey(key)).toList(),
        keys.getAdditionalMembers());
  }

  /** Screens every fetch of a JWKS URL, below the cache, so that a refresh is checked like the first load. */
  <C extends SecurityContext> JWKSetSource<C> screening(JWKSetSource<C> fetch, String source) {
    return new JWKSetSource<>() {
      @Override
      public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refresh, long now, C context)
          throws KeySourceException {
        return withoutDevKey(fetch.getJWKSet(refresh, now, context), source);
      }

      @Override
      public void close() throws IOException {
        fetch.close();
      }
    };
  }

  /** The last line: whatever set the keys came from, the verifier is never handed the dev key. */
  <C extends SecurityContext> JWKSource<C> guard(JWKSource<C> keys) {
    if (devProfile) {
      return keys;
    }
    return (selector, context) -> {
      List<JWK> selected = keys.get(selector, context);
      return selected.stream().anyMatch(DevKey::isDevKey)
          ? selected.stream().filter(key -> !DevKey.isDevKey(key)).toList()
          : selected;
    };
  }
}
