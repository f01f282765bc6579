package nl.sluis.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import nl.sluis.bench.BenchDataSet.BenchClient;

/**
 * The measured FHIR interactions; each builds its next request from a random measured client (a generated client
 * whose consent lets the external requester read its Patient and Observations, {@link BenchDataSet}).
 */
enum BenchmarkOperation {

  READ_PATIENT("read Patient/{id}") {
    @Override
    HttpRequest.Builder request(Context context, Random random) {
      return context.get("/Patient/" + context.patient(random).id());
    }
  },
  /**
   * The same read with one client: no queueing on the 2 cores, so the median latency is close to the
   * work one request takes (what "adds ≤ 0.5 ms median per request" is about).
   */
  READ_PATIENT_ONE_CLIENT("read Patient/{id}, 1 client") {
    @Override
    HttpRequest.Builder request(Context context, Random random) {
      return READ_PATIENT.request(context, random);
    }

    @Override
    int clients(int configured) {
      return 1;
    }
  },
  /**
   * Reads of a small hot set of clients: every decision input is in the node's cache after the warm-up,
   * against the reads above, spread over all clients, whose inputs are mostly not (cold).
   */
  READ_PATIENT_HOT_SET("read Patient/{id}, hot set") {
    @Override
    HttpRequest.Builder request(Context context, Random random) {
      return context.get("/Patient/" + context.hotPatient(random).id());
    }
  },
  SEARCH_OBSERVATION_BY_SUBJECT("search Observation?subject") {
    @Override
    HttpRequest.Builder request(Context context, Random random) {
      return context.get("/Observation?subject=Patient/" + context.patient(random).id());
    }
  },
  SEARCH_PATIENT_BY_BSN("search Patient?identifier") {
    @Override
    HttpRequest.Builder request(Context context, Random random) {
      // %7C: the '|' between system and value, encoded as clients must send it.
      return context.get("/Patient?identifier=" + BenchDataSet.BSN_SYSTEM + "%7C"
          + context.patient(random).bsn());
    }
  },
  CREATE_OBSERVATION("create Observation") {
    @Override
    HttpRequest.Builder request(Context context, Random random) {
      // One of the client's generated vital signs again, without its id: the server assigns a new one.
      // Always as the trusted internal system: the disclosure layer refuses external writes (403).
      return context.builder("/Observation", context.writeToken())
          .header("Content-Type", "application/fhir+json")
          .POST(HttpRequest.BodyPublishers.ofString(context.patient(random).observationJson()));
    }
  };

  private final String label;

  BenchmarkOperation(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  abstract HttpRequest.Builder request(Context context, Random random);

  /** Concurrent clients for this operation, given the configured number. */
  int clients(int configured) {
    return configured;
  }

  /**
   * What an operation needs: where the server is, the measured clients, and the bearer tokens: reads and
   * searches carry {@code readToken} (the configuration's requester), creates {@code writeToken} (trusted).
   */
  record Context(String fhirBase, List<BenchClient> patients, String readToken, String writeToken) {

    /** Clients in the hot set. */
    static final int HOT_SET = 100;

    BenchClient patient(Random random) {
      return patients.get(random.nextInt(patients.size()));
    }

    BenchClient hotPatient(Random random) {
      return patients.get(random.nextInt(Math.min(HOT_SET, patients.size())));
    }

    HttpRequest.Builder builder(String path, String token) {
      HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(fhirBase + path))
          .timeout(Duration.ofSeconds(30))
          .header("Accept", "application/fhir+json");
      return token == null ? builder : builder.header("Authorization", "Bearer " + token);
    }

    HttpRequest.Builder get(String path) {
      return builder(path, readToken).GET();
    }
  }
}
