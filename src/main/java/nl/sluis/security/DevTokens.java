package nl.sluis.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Mints tokens signed with the development key, for trying Sluis out:
 * {@code java -jar target/sluis.jar token --org 00000001 --role 01.035 --purpose TREAT --scope 'system/*.cruds'}.
 * Only a server running with the {@code dev} profile trusts them.
 */
public final class DevTokens {

  private DevTokens() {}

  /** The command line: prints one token on standard output. */
  public static void main(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        System.err.println(usage());
        System.exit(2);
      }
      options.put(args[i].substring(2), args[++i]);
    }
    List<String> unknown = new ArrayList<>(options.keySet());
    unknown.removeAll(List.of("org", "org-name", "user", "name", "role", "purpose", "scope", "fhir-user",
        "patient", "responsible", "responsible-name", "minutes"));
    if (!unknown.isEmpty()) {
      System.err.println("Unknown option(s) " + unknown + "\n" + usage());
      System.exit(2);
    }
    Map<String, Object> b2b = new LinkedHashMap<>();
    b2b.put("version", "1");
    put(b2b, "organization_id", options.containsKey("org")
        ? RequesterContext.URA_SYSTEM + "|" + options.get("org") : null);
    put(b2b, "organization_name", options.get("org-name"));
    put(b2b, "subject_id", options.getOrDefault("user", "dev-user"));
    put(b2b, "subject_name", options.get("name"));
    put(b2b, "subject_role", options.get("role"));
    put(b2b, "purpose_of_use", options.containsKey("purpose") ? List.of(options.get("purpose")) : null);
    put(b2b, "responsible_user_id", options.get("responsible"));
    put(b2b, "responsible_user_name", options.get("responsible-name"));
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("scope", options.getOrDefault("scope", "system/*.rs"));
    put(claims, "fhirUser", options.get("fhir-user"));
    put(claims, "patient", options.get("patient"));
    claims.put("extensions", Map.of("hl7-b2b", b2b));
    System.out.println(mint(claims, Duration.ofMinutes(Long.parseLong(options.getOrDefault("minutes", "60")))));
  }

  private static String usage() {
    return "usage: token [--org URA] [--org-name NAME] [--user ID] [--name NAME] [--role UZI-ROLE] "
        + "[--purpose TREAT] [--scope 'system/*.rs'] [--fhir-user Patient/1] [--patient ID] "
        + "[--responsible ID] [--responsible-name NAME] [--minutes 60]";
  }

  private static void put(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static String subjectOf(Map<String, Object> claims) {
    Object extensions = claims.get("extensions");
    Object b2b = extensions instanceof Map<?, ?> map ? map.get("hl7-b2b") : null;
    Object subject = b2b instanceof Map<?, ?> map ? map.get("subject_id") : null;
    return subject == null ? "dev-user" : subject.toString();
  }

  /** A dev-key token with the dev issuer and audience, the given claims, valid for {@code lifetime}. */
  public static String mint(Map<String, Object> claims, Duration lifetime) {
    try {
      ECKey key = (ECKey) DevKey.load(DevKey.SIGNING_JWKS).getKeys().get(0);
      Instant now = Instant.now();
      JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
          .issuer(DevKey.ISSUER)
          .audience(DevKey.AUDIENCE)
          .subject(subjectOf(claims))
          .issueTime(Date.from(now))
          .notBeforeTime(Date.from(now))
          .expirationTime(Date.from(now.plus(lifetime)))
          .jwtID(UUID.randomUUID().toString());
      claims.forEach(builder::claim);
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256)
          .keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), builder.build());
      jwt.sign(new ECDSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("Could not sign the token", e);
    }
  }
}
