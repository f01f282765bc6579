package nl.sluis.disclosure;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code sluis.disclosure.*}. The organisation policy itself is FHIR data (a Consent with category
 * organisation-policy, authored by the privacy officer); the defaults here apply until one is stored.
 */
@ConfigurationProperties(prefix = "sluis.disclosure")
public class DisclosureProperties {

  /** false = no disclosure decisions (benchmark baseline only; refused outside the dev profile). */
  private boolean enabled = true;
  /** Ages and periods are counted in whole days in this zone. */
  private ZoneId timeZone = ZoneId.of("Europe/Amsterdam");
  /**
   * Subject ids (token subject_id) of the organisation's own integration systems (e.g. the EHR's
   * back end) that are trusted with all data: their requests skip disclosure decisions. Empty by default.
   */
  private List<String> trustedInternalSystems = new ArrayList<>();
  private DefaultPolicy defaultPolicy = new DefaultPolicy();
  /**
   * How many clients' decision inputs (consents, care team, representatives) a node keeps between
   * requests; reused only while unchanged in the database (checked on every request). 0 = none kept in
   * memory (each decision then decodes the client's stored snapshot).
   */
  private long clientCacheSize = 10_000;
  /**
   * Whether a node checks every client once after start-up and derives the decision-input snapshots that
   * are missing (data from before change tokens, bulk imports), on one low-priority background thread.
   */
  private boolean snapshotBackfill = true;
  /**
   * At most this many records (visible or not) matching a restricted writer's match URL (conditional create,
   * update, patch, delete) are examined; past it the write is refused with 412 before any work (see
   * docs/security.md, *Conditional writes*).
   */
  private int maxConditionalCandidates = 1000;
  /**
   * Whether a restricted requester's search that names clients leaves out, before any SQL, the clients of whom
   * nothing can be disclosed to that requester ({@link HiddenClientsOutOfSearches}); off: every matching row is
   * loaded and decided (the same answers, at the cost of loading hidden rows). For measurements.
   */
  private boolean leaveHiddenClientsOutOfSearches = true;
  /**
   * A restricted requester's search that names no client is limited to its clients (whose Consents name it as
   * recipient, or whose care teams name it) when they are at most this many ({@link RequesterClientsOnly}); above it (or 0) every match
   * is loaded and decided. Part of {@link #leaveHiddenClientsOutOfSearches}.
   */
  private int maxClientsInNarrowedSearch = 1000;
  /** Records an own professional's {@code _has} may find (visible referrers' targets), as {@code _id} values. */
  private int maxHasMatches = 1000;

  /** Used while no organisation-policy Consent is stored. */
  public static class DefaultPolicy {
    private List<String> needToKnowRoles = new ArrayList<>();
    private List<String> veryRestrictedRoles = new ArrayList<>();
    private List<String> legalGroundRoles = new ArrayList<>();
    private List<String> externalPurposes = new ArrayList<>(List.of("TREAT", "COC"));
    /** both (child and parents consent for ages 12-15) or child-only. */
    private String minorConsentMode = "both";

    public List<String> getNeedToKnowRoles() {
      return needToKnowRoles;
    }

    public void setNeedToKnowRoles(List<String> needToKnowRoles) {
      this.needToKnowRoles = needToKnowRoles;
    }

    public List<String> getVeryRestrictedRoles() {
      return veryRestrictedRoles;
    }

    public void setVeryRestrictedRoles(List<String> veryRestrictedRoles) {
      this.veryRestrictedRoles = veryRestrictedRoles;
    }

    public List<String> getLegalGroundRoles() {
      return legalGroundRoles;
    }

    public void setLegalGroundRoles(List<String> legalGroundRoles) {
      this.legalGroundRoles = legalGroundRoles;
    }

    public List<String> getExternalPurposes() {
      return externalPurposes;
    }

    public void setExternalPurposes(List<String> externalPurposes) {
      this.externalPurposes = externalPurposes;
    }

    public String getMinorConsentMode() {
      return minorConsentMode;
    }

    public void setMinorConsentMode(String minorConsentMode) {
      this.minorConsentMode = minorConsentMode;
    }
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public ZoneId getTimeZone() {
    return timeZone;
  }

  public void setTimeZone(ZoneId timeZone) {
    this.timeZone = timeZone;
  }

  public List<String> getTrustedInternalSystems() {
    return trustedInternalSystems;
  }

  public void setTrustedInternalSystems(List<String> trustedInternalSystems) {
    this.trustedInternalSystems = trustedInternalSystems;
  }

  public boolean isSnapshotBackfill() {
    return snapshotBackfill;
  }

  public void setSnapshotBackfill(boolean snapshotBackfill) {
    this.snapshotBackfill = snapshotBackfill;
  }

  public long getClientCacheSize() {
    return clientCacheSize;
  }

  public void setClientCacheSize(long clientCacheSize) {
    this.clientCacheSize = clientCacheSize;
  }

  public DefaultPolicy getDefaultPolicy() {
    return defaultPolicy;
  }

  public void setDefaultPolicy(DefaultPolicy defaultPolicy) {
    this.defaultPolicy = defaultPolicy;
  }

  public int getMaxConditionalCandidates() {
    return maxConditionalCandidates;
  }

  public void setMaxConditionalCandidates(int maxConditionalCandidates) {
    this.maxConditionalCandidates = maxConditionalCandidates;
  }

  public int getMaxClientsInNarrowedSearch() {
    return maxClientsInNarrowedSearch;
  }

  public void setMaxClientsInNarrowedSearch(int maxClientsInNarrowedSearch) {
    this.maxClientsInNarrowedSearch = maxClientsInNarrowedSearch;
  }

  public int getMaxHasMatches() {
    return maxHasMatches;
  }

  public void setMaxHasMatches(int maxHasMatches) {
    this.maxHasMatches = maxHasMatches;
  }

  public boolean isLeaveHiddenClientsOutOfSearches() {
    return leaveHiddenClientsOutOfSearches;
  }

  public void setLeaveHiddenClientsOutOfSearches(boolean leaveHiddenClientsOutOfSearches) {
    this.leaveHiddenClientsOutOfSearches = leaveHiddenClientsOutOfSearches;
  }
}
