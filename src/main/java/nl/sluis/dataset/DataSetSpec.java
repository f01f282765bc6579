package nl.sluis.dataset;

import java.time.LocalDate;

/**
 * What a generated data set is a function of: the same spec gives the same bytes.
 *
 * @param clients number of clients, 1..{@link #MAX_CLIENTS}
 * @param seed non-negative; also part of every id, so data sets with different seeds do not overwrite each other
 * @param asOf the day the data set describes: ages, consent dates and care periods are relative to it
 * @param ura the organisation's URA (the dev profile's own organisation by default)
 * @param recipientUra the external organisation (the clients' GP practice) the client consents name
 * @param bundleEntries at most this many entries per transaction bundle (the server allows 500)
 */
public record DataSetSpec(int clients, long seed, LocalDate asOf, String ura, String recipientUra,
    int bundleEntries) {

  public static final int MAX_CLIENTS = 100_000;
  /** The server's default {@code sluis.limits.max-bundle-entries}. */
  public static final int MAX_BUNDLE_ENTRIES = 500;
  /** Fixed, so that output does not depend on the day it is generated (and before every run's "today"). */
  public static final LocalDate DEFAULT_AS_OF = LocalDate.of(2026, 12, 1);
  public static final String DEFAULT_URA = "00000001";
  public static final String DEFAULT_RECIPIENT_URA = "00000002";
  /**
   * Small enough that a validated transaction stays well inside the server's per-request database time
   * ({@code sluis.limits.request-database-time}, 30 s): 250 validated entries took longer than that on a busy
   * 2-core machine (a client's record is about 7 entries, so a bundle holds about 14 clients).
   */
  public static final int DEFAULT_BUNDLE_ENTRIES = 100;

  public DataSetSpec {
    if (clients < 1 || clients > MAX_CLIENTS) {
      throw new IllegalArgumentException("--clients must be 1.." + MAX_CLIENTS + ", was " + clients);
    }
    if (seed < 0) {
      throw new IllegalArgumentException("--seed must be 0 or more, was " + seed);
    }
    if (!ura.matches("[0-9]{8}") || !recipientUra.matches("[0-9]{8}") || ura.equals(recipientUra)) {
      throw new IllegalArgumentException("URAs have 8 digits and the recipient is another organisation");
    }
    if (bundleEntries < 50 || bundleEntries > MAX_BUNDLE_ENTRIES) {
      throw new IllegalArgumentException("--bundle-entries must be 50.." + MAX_BUNDLE_ENTRIES);
    }
  }

  public static DataSetSpec of(int clients, long seed) {
    return new DataSetSpec(clients, seed, DEFAULT_AS_OF, DEFAULT_URA, DEFAULT_RECIPIENT_URA,
        DEFAULT_BUNDLE_ENTRIES);
  }

  /** Every generated id starts with this: "s42-". */
  String idPrefix() {
    return "s" + seed + "-";
  }
}
