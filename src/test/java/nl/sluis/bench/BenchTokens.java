package nl.sluis.bench;

import java.time.Duration;

/**
 * The benchmark's bearer tokens, signed with the development key (servers run with the {@code dev}
 * profile, which trusts it). Minted once per run with a long lifetime, so that signing costs nothing
 * while measuring and no token expires mid-run; every request of a run carries one of these two.
 */
final class BenchTokens {

  /** The dev profile's own organisation (application-dev.yaml). */
  static final String OWN_URA = "00000001";
  /** The external organisation the clients' consents name. */
  static final String EXTERNAL_URA = "00000002";
  /** Subject id of the loader; the harness lists it in sluis.disclosure.trusted-internal-systems. */
  static final String LOADER_SUBJECT = "bench-loader";
  static final Duration LIFETIME = Duration.ofHours(2);

  /** Who a configuration's reads and searches come from. */
  enum Requester {
    /** The organisation's own trusted integration system (the loader): no disclosure decisions. */
    TRUSTED("the trusted internal system " + LOADER_SUBJECT + " (URA " + OWN_URA + ", system/*.cruds)"),
    /** An external organisation (a GP) with purpose TREAT: every resource passes a disclosure decision. */
    EXTERNAL("external URA " + EXTERNAL_URA + " (role 01.015, purpose TREAT, system/*.rs system/Observation.c)");

    private final String description;

    Requester(String description) {
      this.description = description;
    }

    String description() {
      return description;
    }
  }

  final String trusted;
  final String external;

  private BenchTokens(String trusted, String external) {
    this.trusted = trusted;
    this.external = external;
  }

  static BenchTokens mint() {
    return new BenchTokens(
        token(OWN_URA, LOADER_SUBJECT, null, null, "system/*.cruds"),
        // system/Observation.c so that the scope check passes and the create answers the disclosure
        // layer's own 403 (external writes are refused by design; creates are measured as trusted).
        token(EXTERNAL_URA, "uzi-900000099", "01.015", "TREAT", "system/*.rs system/Observation.c"));
  }

  String forReads(Requester requester) {
    return requester == Requester.EXTERNAL ? external : trusted;
  }

  private static String token(String ura, String user, String role, String purpose, String scope) {
    return nl.sluis.testsupport.TestTokens.token(ura, user, role, purpose, scope, null, LIFETIME);
  }
}
