package nl.sluis.testsupport;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.sluis.security.DevTokens;
import nl.sluis.security.RequesterContext;

/** Tokens for realistic requesters, signed with the development key the test server trusts. */
public final class TestTokens {

  /** The organisation running the test server (application-dev.yaml). */
  public static final String OWN_URA = "00000001";
  public static final String OTHER_URA = "00000002";
  /** The integration system the test server trusts (sluis.disclosure.trusted-internal-systems). */
  public static final String TRUSTED_SYSTEM = "sluis-test-system";

  private TestTokens() {}

  /** An internal system with full access: what the foundation tests use. */
  public static String internalSystem() {
    return token(OWN_URA, TRUSTED_SYSTEM, null, null, "system/*.cruds", null);
  }

  /** A psychiatrist (UZI role 01.035) of this organisation. */
  public static String internalProfessional(String scope) {
    return token(OWN_URA, "uzi-900000001", "01.035", "TREAT", scope, "Practitioner/psychiater-1");
  }

  /** A GP (UZI role 01.015 Huisarts) of another organisation. */
  public static String external(String purpose, String scope) {
    return token(OTHER_URA, "uzi-900000099", "01.015", purpose, scope, null);
  }

  public static String token(String ura, String user, String role, String purpose, String scope, String fhirUser) {
    return token(ura, user, role, purpose, scope, fhirUser, Duration.ofMinutes(10));
  }

  /** A dev-key token with UDAP B2B claims, valid for the given time. */
  public static String token(String ura, String user, String role, String purpose, String scope, String fhirUser,
      Duration lifetime) {
    Map<String, Object> b2b = new LinkedHashMap<>();
    b2b.put("version", "1");
    if (ura != null) {
      b2b.put("organization_id", RequesterContext.URA_SYSTEM + "|" + ura);
    }
    b2b.put("subject_id", user);
    if (role != null) {
      b2b.put("subject_role", role);
    }
    if (purpose != null) {
      b2b.put("purpose_of_use", List.of(purpose));
    }
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("scope", scope);
    if (fhirUser != null) {
      claims.put("fhirUser", fhirUser);
    }
    claims.put("extensions", Map.of("hl7-b2b", b2b));
    return DevTokens.mint(claims, lifetime);
  }

  public static String withClaims(Map<String, Object> claims) {
    return DevTokens.mint(new LinkedHashMap<>(claims), Duration.ofMinutes(10));
  }
}
