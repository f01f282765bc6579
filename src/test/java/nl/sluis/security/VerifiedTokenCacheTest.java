package nl.sluis.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;

class VerifiedTokenCacheTest {

  private static Jwt jwt(Instant expiry) {
    return Jwt.withTokenValue("t").header("alg", "ES256").claim("sub", "x")
        .issuedAt(expiry.minusSeconds(600)).expiresAt(expiry).build();
  }

  @Test
  void aVerifiedTokenIsCheckedOnceAFailureEveryTime() {
    AtomicInteger verifications = new AtomicInteger();
    VerifiedTokenCache cache = new VerifiedTokenCache(token -> {
      verifications.incrementAndGet();
      if (token.equals("bad")) {
        throw new BadJwtException("bad signature");
      }
      return jwt(Instant.now().plusSeconds(300));
    });
    cache.decode("good");
    cache.decode("good");
    assertThat(verifications).hasValue(1);
    assertThatThrownBy(() -> cache.decode("bad")).isInstanceOf(BadJwtException.class);
    assertThatThrownBy(() -> cache.decode("bad")).isInstanceOf(BadJwtException.class);
    assertThat(verifications).hasValue(3);
  }

  @Test
  void anExpiredTokenIsNeverServedFromTheCache() {
    AtomicInteger verifications = new AtomicInteger();
    VerifiedTokenCache cache = new VerifiedTokenCache(token -> {
      if (verifications.incrementAndGet() > 1) {
        throw new BadJwtException("expired");
      }
      return jwt(Instant.now().minusSeconds(1));
    });
    cache.decode("almost");
    assertThatThrownBy(() -> cache.decode("almost")).isInstanceOf(BadJwtException.class);
  }
}
