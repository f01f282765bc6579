package nl.sluis.bench;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import nl.sluis.security.DevKey;

/**
 * The cryptographic core of token verification in isolation: parse the benchmark's external token and
 * check its ES256 signature with the dev public key (Nimbus, as the server's decoder does), on one thread,
 * timed by that thread's CPU time, so that a busy machine inflates it far less than a wall-clock latency.
 * The server does more per request (claim validators, Spring Security, requester context), so this is a
 * lower bound. For comparison the same claims signed RS256 with a fresh 2048-bit key (what many identity
 * providers issue). Run: {@code -Dbench.main=nl.sluis.bench.TokenVerificationCost [-Dbench.args=N]}.
 */
public final class TokenVerificationCost {

  private TokenVerificationCost() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    String token = BenchTokens.mint().external;
    ECKey key = (ECKey) DevKey.load(DevKey.PUBLIC_JWKS).getKeys().get(0);
    measure("ES256 (dev key)", token, new ECDSAVerifier(key.toECPublicKey()), rounds);
    RSAKey rsa = new RSAKeyGenerator(2048).keyID("bench-rsa").generate();
    SignedJWT rs256 = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("bench-rsa").build(),
        SignedJWT.parse(token).getJWTClaimsSet());
    rs256.sign(new RSASSASigner(rsa));
    measure("RS256 (2048-bit)", rs256.serialize(), new RSASSAVerifier(rsa.toRSAPublicKey()), rounds);
  }

  private static void measure(String what, String token, JWSVerifier verifier, int rounds) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int pass = 1; pass <= 3; pass++) { // the first pass is JIT warm-up
      long cpu = threads.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      int valid = 0;
      for (int i = 0; i < rounds; i++) {
        SignedJWT jwt = SignedJWT.parse(token);
        if (jwt.verify(verifier) && jwt.getJWTClaimsSet().getExpirationTime() != null) {
          valid++;
        }
      }
      System.out.printf("%s pass %d: %d/%d valid, %.1f µs CPU and %.1f µs wall per token (parse + verify + claims)%n",
          what, pass, valid, rounds, (threads.getCurrentThreadCpuTime() - cpu) / 1e3 / rounds,
          (System.nanoTime() - wall) / 1e3 / rounds);
    }
  }
}
