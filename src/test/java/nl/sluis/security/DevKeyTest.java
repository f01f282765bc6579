package nl.sluis.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Outside the dev profile the repository's dev key is never trusted: start-up fails while the configured
 * JWKS (file, or URL if reachable) holds it, and a JWKS that gains it later (a file re-read, a URL
 * unreachable at start or refreshed) does not make a token it signed acceptable.
 */
class DevKeyTest {

  private static final ECKey DEV_SIGNING = (ECKey) DevKey.load(DevKey.SIGNING_JWKS).getKeys().get(0);
  private static final ECKey DEV_PUBLIC = DEV_SIGNING.toPublicJWK();
  private static final String ISSUER = "https://idp.example.nl";
  private static final DevKeyRefusal PRODUCTION = new DevKeyRefusal(false);
  private static final DevKeyRefusal DEV = new DevKeyRefusal(true);

  private HttpServer server;

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static SecurityProperties properties() {
    SecurityProperties properties = new SecurityProperties();
    properties.setIssuer(ISSUER);
    properties.setAudience(List.of("sluis"));
    return properties;
  }

  private static SecurityProperties withFile(Path file) {
    SecurityProperties properties = properties();
    properties.setJwksFile("file:" + file);
    return properties;
  }

  private static SecurityProperties withUrl(int port) {
    SecurityProperties properties = properties();
    properties.setJwksUrl("http://localhost:" + port + "/jwks");
    return properties;
  }

  private static ECKey newKey(String kid) throws Exception {
    return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
  }

  /** The dev key's public half under an innocent-looking key id: the thumbprint still gives it away. */
  private static JWK renamedDevKey() {
    return new ECKey.Builder(DEV_PUBLIC).keyID("idp-2026").build();
  }

  private static String token(ECKey signer, String kid) throws Exception {
    Instant now = Instant.now();
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience("sluis").subject("uzi-1")
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600))).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(kid)
        .type(JOSEObjectType.JWT).build(), claims);
    jwt.sign(new ECDSASigner(signer));
    return jwt.serialize();
  }

  private static String devSigned(String kid) throws Exception {
    return token(DEV_SIGNING, kid);
  }

  private static List<JWK> allKeys(JWKSource<SecurityContext> keys) throws Exception {
    return keys.get(new JWKSelector(new JWKMatcher.Builder().build()), null);
  }

  private static Path jwksFile(JWK... keys) throws Exception {
    Path file = Files.createTempFile("jwks", ".json");
    file.toFile().deleteOnExit();
    Files.writeString(file, new JWKSet(List.of(keys)).toString(true));
    return file;
  }

  /** A JWKS URL on a port where nothing listens yet. */
  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Serves whatever {@code jwks} holds at the moment of each request, counting the fetches. */
  private void serveJwks(int port, AtomicReference<JWKSet> jwks, AtomicInteger fetches) throws Exception {
    server = HttpServer.create(new InetSocketAddress("localhost", port), 0);
    server.createContext("/jwks", exchange -> {
      fetches.incrementAndGet();
      byte[] body = jwks.get().toString(true).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
  }

  @Test
  void productionRefusesToStartWithTheDevKeyFile() {
    SecurityProperties properties = properties();
    properties.setJwksFile("classpath:" + DevKey.PUBLIC_JWKS);
    assertThatThrownBy(() -> JwtDecoderFactory.keySource(properties, new DefaultResourceLoader(), PRODUCTION))
        .hasMessageContaining("development key");
    assertThatCode(() -> JwtDecoderFactory.keySource(properties, new DefaultResourceLoader(), DEV))
        .doesNotThrowAnyException();
  }

  @Test
  void productionRefusesTheDevKeyAmongOthersUnderAnotherKid() throws Exception {
    var other = newKey("idp-1").toPublicJWK();
    assertThatThrownBy(() -> PRODUCTION.refuseAtStart(new JWKSet(List.of(other, renamedDevKey())), "test"))
        .hasMessageContaining("development key");
  }

  @Test
  void productionAcceptsOtherKeys() throws Exception {
    ECKey other = newKey("idp-1");
    var keys = JwtDecoderFactory.keySource(withFile(jwksFile(other.toPublicJWK())), new DefaultResourceLoader(),
        PRODUCTION);
    JwtDecoder decoder = JwtDecoderFactory.create(properties(), keys);
    assertThat(decoder.decode(token(other, "idp-1")).getSubject()).isEqualTo("uzi-1");
  }

  @Test
  void aJwksFileThatGainsTheDevKeyWhileRunningDoesNotMakeItTrusted() throws Exception {
    ECKey other = newKey("idp-1");
    ECKey rotated = newKey("idp-2");
    Path file = jwksFile(other.toPublicJWK());
    var keys = JwtDecoderFactory.keySource(withFile(file), new DefaultResourceLoader(), PRODUCTION);
    JwtDecoder decoder = JwtDecoderFactory.create(properties(), keys);

    Files.writeString(file, new JWKSet(List.of(other.toPublicJWK(), rotated.toPublicJWK(), renamedDevKey(),
        DEV_PUBLIC)).toString(true));
    Thread.sleep(1100); // the file is re-read at most once per second

    assertThat(decoder.decode(token(rotated, "idp-2")).getSubject()).as("the re-read happened").isEqualTo("uzi-1");
    assertThatThrownBy(() -> decoder.decode(devSigned("idp-2026"))).isInstanceOf(JwtException.class);
    assertThatThrownBy(() -> decoder.decode(devSigned(DEV_PUBLIC.getKeyID()))).isInstanceOf(JwtException.class);
    assertThat(allKeys(keys)).extracting(JWK::getKeyID).containsExactlyInAnyOrder("idp-1", "idp-2");
  }

  @Test
  void theDevProfileMayTrustTheDevKeyInAReloadedFile() throws Exception {
    Path file = jwksFile(newKey("idp-1").toPublicJWK());
    var keys = JwtDecoderFactory.keySource(withFile(file), new DefaultResourceLoader(), DEV);
    Files.writeString(file, new JWKSet(DEV_PUBLIC).toString(true));
    Thread.sleep(1100);
    JwtDecoder decoder = JwtDecoderFactory.create(properties(), keys);
    assertThat(decoder.decode(devSigned(DEV_PUBLIC.getKeyID())).getSubject()).isEqualTo("uzi-1");
  }

  @Test
  void productionRefusesToStartWhenTheReachableJwksUrlHoldsTheDevKey() throws Exception {
    int port = freePort();
    serveJwks(port, new AtomicReference<>(new JWKSet(List.of(newKey("idp-1").toPublicJWK(), renamedDevKey()))),
        new AtomicInteger());
    assertThatThrownBy(() -> JwtDecoderFactory.keySource(withUrl(port), new DefaultResourceLoader(), PRODUCTION))
        .hasMessageContaining("development key").hasMessageContaining("localhost:" + port);
  }

  @Test
  void aJwksUrlUnreachableAtStartIsCheckedWhenItIsFetched() throws Exception {
    int port = freePort();
    var keys = JwtDecoderFactory.keySource(withUrl(port), new DefaultResourceLoader(), PRODUCTION);

    ECKey other = newKey("idp-1");
    AtomicInteger fetches = new AtomicInteger();
    serveJwks(port, new AtomicReference<>(new JWKSet(List.of(other.toPublicJWK(), DEV_PUBLIC, renamedDevKey()))),
        fetches);
    JwtDecoder decoder = JwtDecoderFactory.create(properties(), keys);

    assertThatThrownBy(() -> decoder.decode(devSigned(DEV_PUBLIC.getKeyID()))).isInstanceOf(JwtException.class);
    assertThat(fetches.get()).as("the JWKS was fetched").isPositive();
    assertThatThrownBy(() -> decoder.decode(devSigned("idp-2026"))).isInstanceOf(JwtException.class);
    assertThat(decoder.decode(token(other, "idp-1")).getSubject()).isEqualTo("uzi-1");
  }

  @Test
  void aJwksUrlThatGainsTheDevKeyOnRefreshDoesNotMakeItTrusted() throws Exception {
    int port = freePort();
    ECKey other = newKey("idp-1");
    ECKey rotated = newKey("idp-2");
    AtomicReference<JWKSet> served = new AtomicReference<>(new JWKSet(other.toPublicJWK()));
    AtomicInteger fetches = new AtomicInteger();
    serveJwks(port, served, fetches);
    var keys = JwtDecoderFactory.keySource(withUrl(port), new DefaultResourceLoader(), PRODUCTION);
    JwtDecoder decoder = JwtDecoderFactory.create(properties(), keys);
    assertThat(decoder.decode(token(other, "idp-1")).getSubject()).isEqualTo("uzi-1");

    served.set(new JWKSet(List.of(other.toPublicJWK(), rotated.toPublicJWK(), DEV_PUBLIC)));
    int before = fetches.get();
    // an unknown kid makes the cache refetch: the refreshed set is screened like the first one
    assertThatThrownBy(() -> decoder.decode(devSigned(DEV_PUBLIC.getKeyID()))).isInstanceOf(JwtException.class);
    assertThat(fetches.get()).as("the JWKS was refetched").isGreaterThan(before);
    assertThat(decoder.decode(token(rotated, "idp-2")).getSubject()).as("the refreshed set is in use")
        .isEqualTo("uzi-1");
  }

  @Test
  void aTokenIssuedInTheFutureIsRefusedSayingSo() throws Exception {
    ECKey other = newKey("idp-1");
    var keys = JwtDecoderFactory.keySource(withFile(jwksFile(other.toPublicJWK())), new DefaultResourceLoader(),
        PRODUCTION);
    JwtDecoder decoder = JwtDecoderFactory.create(properties(), keys);
    Instant later = Instant.now().plusSeconds(3600);
    JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience("sluis").subject("uzi-1")
        .issueTime(Date.from(later)).expirationTime(Date.from(later.plusSeconds(600))).build();
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("idp-1").build(), claims);
    jwt.sign(new ECDSASigner(other));
    assertThatThrownBy(() -> decoder.decode(jwt.serialize())).isInstanceOf(JwtException.class)
        .hasMessageContaining("issued in the future");
  }

  @Test
  void configurationMustNameExactlyOneKeySourceAndTheIssuerAndAudience() {
    SecurityProperties properties = new SecurityProperties();
    assertThatThrownBy(() -> JwtDecoderFactory.keySource(properties, new DefaultResourceLoader(), PRODUCTION))
        .hasMessageContaining("exactly one");
    properties.setJwksFile("classpath:" + DevKey.PUBLIC_JWKS);
    assertThatThrownBy(() -> JwtDecoderFactory.keySource(properties, new DefaultResourceLoader(), PRODUCTION))
        .hasMessageContaining("issuer");
  }
}
