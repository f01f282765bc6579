package nl.sluis.testsupport;

import java.util.concurrent.ThreadLocalRandom;
import nl.sluis.dataset.ElevenProof;

/** Fresh BSNs passing the 11-proof, so that tests sharing one database never share a client's BSN. */
public final class Bsns {

  private Bsns() {}

  public static String random() {
    while (true) {
      String bsn = ElevenProof.complete(10_000_000L + ThreadLocalRandom.current().nextLong(90_000_000L));
      if (bsn != null) {
        return bsn;
      }
    }
  }
}
