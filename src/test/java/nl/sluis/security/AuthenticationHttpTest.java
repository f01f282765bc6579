package nl.sluis.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.TestJwks;
import nl.sluis.testsupport.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every way a token can be wrong gets 401 with an OperationOutcome and a {@code WWW-Authenticate:
 * Bearer error=...} header; public endpoints need none; key rotation needs no restart.
 */
class AuthenticationHttpTest extends PostgresServerTest {

  private static final ECKey DEV = (ECKey) DevKey.load(DevKey.SIGNING_JWKS).getKeys().get(0);

  @AfterEach
  void restoreKeys() throws Exception {
    if (!java.nio.file.Files.readString(TestJwks.FILE).contains(DEV.getKeyID())
        || java.nio.file.Files.readString(TestJwks.FILE).contains("rotated")) {
      TestJwks.write(DevKey.load(DevKey.PUBLIC_JWKS).toString(true));
      Thread.sleep(1100); // the server re-reads the file at most once per second
      assertThat(readWith(devSigned(validClaims().build())).statusCode()).isEqualTo(200);
    }
  }

  private static JWTClaimsSet.Builder validClaims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(DevKey.ISSUER).audience(DevKey.AUDIENCE).subject("uzi-1")
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
        .claim("scope", "system/*.cruds")
        .claim("extensions", Map.of("hl7-b2b", Map.of("organization_id",
            "http://fhir.nl/fhir/NamingSystem/ura|" + TestTokens.OWN_URA, "subject_id", "uzi-1")));
  }

  private static String sign(JWTClaimsSet claims, JWSAlgorithm algorithm, String kid, JWSSigner signer)
      throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
    jwt.sign(signer);
    return jwt.serialize();
  }

  private static String devSigned(JWTClaimsSet claims) throws Exception {
    return sign(claims, JWSAlgorithm.ES256, DEV.getKeyID(), new ECDSASigner(DEV));
  }

  private HttpResponse<String> readWith(String token) {
    FhirHttp http = anonymous();
    return token == null ? http.get("/fhir/Patient?_count=1")
        : http.get("/fhir/Patient?_count=1", "Authorization", "Bearer " + token);
  }

  private static void assertRejected(HttpResponse<String> response, String error, String saying) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
    assertThat(response.body()).contains("\"resourceType\":\"OperationOutcome\"").contains(saying);
    String challenge = response.headers().firstValue("WWW-Authenticate").orElseThrow();
    assertThat(challenge).startsWith("Bearer");
    if (error != null) {
      assertThat(challenge).contains("error=\"" + error + "\"");
    }
  }

  @Test
  void aValidTokenIsAccepted() throws Exception {
    assertThat(readWith(devSigned(validClaims().build())).statusCode()).isEqualTo(200);
  }

  @Test
  void noToken() {
    assertRejected(readWith(null), null, "A bearer token is required");
  }

  @Test
  void malformedToken() {
    assertRejected(readWith("not.a.jwt"), "invalid_token", "malformed");
    assertRejected(readWith("abc"), "invalid_token", "malformed");
  }

  @Test
  void badSignature() throws Exception {
    String token = devSigned(validClaims().build());
    String[] parts = token.split("\\.");
    String otherPayload = Base64URL.encode(validClaims().subject("someone-else").build().toString()).toString();
    assertRejected(readWith(parts[0] + "." + otherPayload + "." + parts[2]), "invalid_token", "signature");
  }

  @Test
  void unknownKeyId() throws Exception {
    ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("stranger").generate();
    assertRejected(readWith(sign(validClaims().build(), JWSAlgorithm.ES256, "stranger", new ECDSASigner(stranger))),
        "invalid_token", "key this server does not trust");
  }

  @Test
  void knownKeyIdButOtherKey() throws Exception {
    ECKey impostor = new ECKeyGenerator(Curve.P_256).keyID(DEV.getKeyID()).generate();
    assertRejected(readWith(sign(validClaims().build(), JWSAlgorithm.ES256, DEV.getKeyID(), new ECDSASigner(impostor))),
        "invalid_token", "signature");
  }

  @Test
  void wrongIssuer() throws Exception {
    assertRejected(readWith(devSigned(validClaims().issuer("https://evil.example").build())),
        "invalid_token", "issuer");
  }

  @Test
  void wrongAudience() throws Exception {
    assertRejected(readWith(devSigned(validClaims().audience("another-server").build())),
        "invalid_token", "audience");
  }

  @Test
  void expired() throws Exception {
    Instant past = Instant.now().minusSeconds(3600);
    assertRejected(readWith(devSigned(validClaims().issueTime(Date.from(past.minusSeconds(60)))
        .expirationTime(Date.from(past)).build())), "invalid_token", "expired");
  }

  @Test
  void expiredWithinClockSkewIsAccepted() throws Exception {
    Instant justNow = Instant.now().minusSeconds(20);
    assertThat(readWith(devSigned(validClaims().issueTime(Date.from(justNow.minusSeconds(300)))
        .expirationTime(Date.from(justNow)).build())).statusCode())
        .isEqualTo(200);
  }

  @Test
  void notYetValid() throws Exception {
    assertRejected(readWith(devSigned(validClaims().notBeforeTime(Date.from(Instant.now().plusSeconds(3600)))
        .build())), "invalid_token", "not valid yet");
  }

  @Test
  void issuedInTheFuture() throws Exception {
    Instant later = Instant.now().plusSeconds(3600);
    assertRejected(readWith(devSigned(validClaims().issueTime(Date.from(later))
        .expirationTime(Date.from(later.plusSeconds(600))).build())), "invalid_token", "issued in the future");
    // beyond its own exp: used to fail inside Spring's Jwt with a message read as "issuer not trusted"
    assertRejected(readWith(devSigned(validClaims().issueTime(Date.from(later)).build())),
        "invalid_token", "issued in the future");
  }

  @Test
  void issuedWithinClockSkewIsAccepted() throws Exception {
    assertThat(readWith(devSigned(validClaims().issueTime(Date.from(Instant.now().plusSeconds(20))).build()))
        .statusCode()).isEqualTo(200);
  }

  @Test
  void withoutExpiry() throws Exception {
    assertRejected(readWith(devSigned(validClaims().expirationTime(null).build())), "invalid_token", "no expiry");
  }

  @Test
  void algorithmNone() {
    String unsigned = new PlainJWT(validClaims().build()).serialize();
    assertRejected(readWith(unsigned), "invalid_token", "algorithm");
  }

  @Test
  void hmacAlgorithms() throws Exception {
    byte[] secret = "a-shared-secret-that-is-long-enough-for-hs256!".getBytes();
    assertRejected(readWith(sign(validClaims().build(), JWSAlgorithm.HS256, DEV.getKeyID(), new MACSigner(secret))),
        "invalid_token", "algorithm");
    // the classic confusion attack: HMAC keyed with the public key's bytes
    byte[] publicKeyBytes = DEV.toPublicJWK().toJSONString().getBytes();
    assertRejected(readWith(sign(validClaims().build(), JWSAlgorithm.HS256, DEV.getKeyID(), new MACSigner(publicKeyBytes))),
        "invalid_token", "algorithm");
  }

  @Test
  void publicEndpointsNeedNoToken() {
    assertThat(anonymous().get("/fhir/metadata").statusCode()).isEqualTo(200);
    assertThat(anonymous().get("/.well-known/smart-configuration").statusCode()).isEqualTo(200);
    assertThat(anonymous().get("/fhir/.well-known/smart-configuration").statusCode()).isEqualTo(200);
    assertThat(anonymous().get("/actuator/health/readiness").statusCode()).isIn(200, 503); // 503: warming up
    assertThat(anonymous().get("/actuator/prometheus").statusCode()).isEqualTo(401);
    assertThat(anonymous().get("/fhir/Patient/1").statusCode()).isEqualTo(401);
    assertThat(anonymous().post("/fhir", FhirHttp.FHIR_JSON, "{\"resourceType\":\"Bundle\",\"type\":\"batch\"}")
        .statusCode()).isEqualTo(401);
  }

  @Test
  void aRotatedKeyIsPickedUpWithoutRestartAndAWithdrawnKeyStopsWorking() throws Exception {
    RSAKey next = new RSAKeyGenerator(2048).keyID("rotated-rs256").generate();
    String rotatedToken = sign(validClaims().build(), JWSAlgorithm.RS256, next.getKeyID(), new RSASSASigner(next));
    assertRejected(readWith(rotatedToken), "invalid_token", "key this server does not trust");

    TestJwks.write(new JWKSet(List.of(DEV.toPublicJWK(), next.toPublicJWK())).toString(true));
    Thread.sleep(1100);
    assertThat(readWith(rotatedToken).statusCode()).isEqualTo(200);
    assertThat(readWith(devSigned(validClaims().build())).statusCode()).isEqualTo(200);

    TestJwks.write(new JWKSet(List.of(next.toPublicJWK())).toString(true));
    Thread.sleep(1100);
    assertRejected(readWith(devSigned(validClaims().build())), "invalid_token", "key this server does not trust");
  }
}
