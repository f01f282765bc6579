package nl.sluis.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import nl.sluis.bench.DataSetLoader.LoadedPatient;

/** The measured FHIR interactions; each builds its next request from a random known patient. */
enum BenchmarkOperation {

  READ_PATIENT("read Patient/{id}") {
    @Override
    HttpRequest.Builder request(Context context, Random random) {
      return context.get("/Patient/" + context.patient(random).id());
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
      return context.get("/Patient?identifier=" + DataSetGenerator.BSN_SYSTEM + "%7C"
          + context.patient(random).bsn());
    }
  },
  CREATE_OBSERVATION("create Observation") {
    @Override
    HttpRequest.Builder request(Context context, Random random) {
      // Indexes beyond the loaded data set, so created Observations differ from the loaded ones.
      long index = 1_000_000_000L + random.nextInt(1_000_000_000);
      return context.builder("/Observation")
          .header("Content-Type", "application/fhir+json")
          .POST(HttpRequest.BodyPublishers.ofString(
              context.generator().observationJson(index, context.patient(random).id())));
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

  /** What an operation needs: where the server is and which patients exist. */
  record Context(String fhirBase, List<LoadedPatient> patients, DataSetGenerator generator) {

    LoadedPatient patient(Random random) {
      return patients.get(random.nextInt(patients.size()));
    }

    HttpRequest.Builder builder(String path) {
      return HttpRequest.newBuilder(URI.create(fhirBase + path))
          .timeout(Duration.ofSeconds(30))
          .header("Accept", "application/fhir+json");
    }

    HttpRequest.Builder get(String path) {
      return builder(path).GET();
    }
  }
}
