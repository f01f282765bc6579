package nl.sluis.security;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.DefaultResourceLoader;

/** Production (any profile but dev) refuses to start while it trusts the repository's dev key. */
class DevKeyTest {

  @Test
  void productionRefusesTheDevKey() {
    SecurityProperties properties = new SecurityProperties();
    properties.setIssuer("https://idp.example.nl");
    properties.setAudience(List.of("sluis"));
    properties.setJwksFile("classpath:" + DevKey.PUBLIC_JWKS);
    var keys = JwtDecoderFactory.keySource(properties, new DefaultResourceLoader());
    assertThatThrownBy(() -> DevKey.refuseOutsideDev(false, keys))
        .hasMessageContaining("development key");
    assertThatCode(() -> DevKey.refuseOutsideDev(true, keys)).doesNotThrowAnyException();
  }

  @Test
  void productionRefusesTheDevKeyAmongOthersUnderAnotherKid() throws Exception {
    var devPublic = DevKey.load(DevKey.PUBLIC_JWKS).getKeys().get(0);
    var renamed = new com.nimbusds.jose.jwk.ECKey.Builder(devPublic.toECKey()).keyID("innocent-looking").build();
    var other = new ECKeyGenerator(Curve.P_256).keyID("idp-1").generate().toPublicJWK();
    assertThatThrownBy(() -> DevKey.refuseOutsideDev(false, new ImmutableJWKSet<>(new JWKSet(List.of(other, renamed)))))
        .hasMessageContaining("development key");
  }

  @Test
  void productionAcceptsOtherKeys() throws Exception {
    var other = new ECKeyGenerator(Curve.P_256).keyID("idp-1").generate().toPublicJWK();
    var file = new FileJwkSource(new ByteArrayResource(new JWKSet(other).toString().getBytes()));
    assertThatCode(() -> DevKey.refuseOutsideDev(false, file)).doesNotThrowAnyException();
  }

  @Test
  void configurationMustNameExactlyOneKeySourceAndTheIssuerAndAudience() {
    SecurityProperties properties = new SecurityProperties();
    assertThatThrownBy(() -> JwtDecoderFactory.keySource(properties, new DefaultResourceLoader()))
        .hasMessageContaining("exactly one");
    properties.setJwksFile("classpath:" + DevKey.PUBLIC_JWKS);
    assertThatThrownBy(() -> JwtDecoderFactory.keySource(properties, new DefaultResourceLoader()))
        .hasMessageContaining("issuer");
  }
}
