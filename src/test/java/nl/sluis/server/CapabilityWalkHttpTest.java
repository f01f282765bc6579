package nl.sluis.server;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceSearchParamComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.TypeRestfulInteraction;
import org.junit.jupiter.api.Test;

/**
 * Discovery is the truth (issue 18 item 1): walks the CapabilityStatement and calls, as a trusted internal
 * system, every interaction it advertises on every resource type (answered by a handler: never 405 or 501)
 * and every one it does not (refused: 405, or 400 "not supported"), every advertised search parameter
 * (200) and every advertised operation (a handler answers, never with a 5xx). Requests are built to fail inside their handler (ids that
 * do not exist, bodies that do not match their URL), so the walk stores nothing.
 */
class CapabilityWalkHttpTest extends PostgresServerTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final String MISSING = "capability-walk-missing";
  private static final Set<TypeRestfulInteraction> WALKED = EnumSet.of(TypeRestfulInteraction.READ,
      TypeRestfulInteraction.VREAD, TypeRestfulInteraction.UPDATE, TypeRestfulInteraction.PATCH,
      TypeRestfulInteraction.DELETE, TypeRestfulInteraction.HISTORYINSTANCE, TypeRestfulInteraction.HISTORYTYPE,
      TypeRestfulInteraction.CREATE, TypeRestfulInteraction.SEARCHTYPE);

  @Test
  void everyAdvertisedInteractionIsServedAndEveryOtherIsRefused() {
    List<String> wrong = new CopyOnWriteArrayList<>();
    inParallel(capabilities().getRestFirstRep().getResource(), resource -> {
      String type = resource.getType();
      Set<TypeRestfulInteraction> advertised = resource.getInteraction().stream().map(i -> i.getCode())
          .collect(Collectors.toCollection(() -> EnumSet.noneOf(TypeRestfulInteraction.class)));
      for (TypeRestfulInteraction interaction : WALKED) {
        HttpResponse<String> answer = call(type, interaction);
        int status = answer.statusCode();
        boolean served = status != 405 && status != 501 && status < 500;
        if (advertised.contains(interaction) && !served) {
          wrong.add(type + " " + interaction.toCode() + ": advertised but answered " + status + " " + brief(answer));
        } else if (!advertised.contains(interaction) && !refused(answer)) {
          wrong.add(type + " " + interaction.toCode() + ": not advertised but answered " + status + " "
              + brief(answer));
        }
      }
    });
    assertThat(wrong).as("advertised-but-refused and served-but-unadvertised interactions").isEmpty();
  }

  @Test
  void everyAdvertisedSearchParameterIsAccepted() {
    List<String> wrong = new CopyOnWriteArrayList<>();
    inParallel(capabilities().getRestFirstRep().getResource(), resource -> {
      if (!resource.getInteraction().stream().anyMatch(i -> i.getCode() == TypeRestfulInteraction.SEARCHTYPE)) {
        assertThat(resource.getSearchParam()).as(resource.getType() + " has search parameters but no search")
            .isEmpty();
        return;
      }
      for (CapabilityStatementRestResourceSearchParamComponent parameter : resource.getSearchParam()) {
        String value = sample(parameter);
        if (value == null || parameter.getName().startsWith("_has")) {
          continue; // composite, special and reverse-chain parameters need a value of their own shape
        }
        String path = "/fhir/" + resource.getType() + "?" + parameter.getName() + "="
            + URLEncoder.encode(value, StandardCharsets.UTF_8) + "&_count=1";
        HttpResponse<String> answer = http().get(path);
        if (answer.statusCode() != 200) {
          wrong.add(path + " answered " + answer.statusCode() + " " + brief(answer));
        }
      }
      HttpResponse<String> unknown = http().get("/fhir/" + resource.getType() + "?capability-walk-unknown=1");
      if (unknown.statusCode() != 400) {
        wrong.add(resource.getType() + ": an unadvertised search parameter answered " + unknown.statusCode());
      }
    });
    assertThat(wrong).as("advertised search parameters that are refused").isEmpty();
  }

  @Test
  void everyAdvertisedOperationIsServed() {
    CapabilityStatement capabilities = capabilities();
    List<String> wrong = new CopyOnWriteArrayList<>();
    Set<String> called = new java.util.concurrent.ConcurrentSkipListSet<>();
    for (var operation : capabilities.getRestFirstRep().getOperation()) {
      called.add("$" + operation.getName());
      check(wrong, "$" + operation.getName(), List.of("/fhir/$" + operation.getName()));
    }
    inParallel(capabilities.getRestFirstRep().getResource(), resource -> {
      for (var operation : resource.getOperation()) {
        String name = resource.getType() + "/$" + operation.getName();
        called.add(name);
        // The statement does not say whether an operation works on the type, an instance or both: try both.
        check(wrong, name, List.of("/fhir/" + resource.getType() + "/$" + operation.getName(),
            "/fhir/" + resource.getType() + "/" + MISSING + "/$" + operation.getName()));
      }
    });
    assertThat(called).as("the walk reached operations").isNotEmpty();
    assertThat(wrong).as("advertised operations that no handler answers, or that fail").isEmpty();
    assertThat(http().post("/fhir/$capability-walk-unknown", FHIR_JSON, "{\"resourceType\":\"Parameters\"}")
        .statusCode()).as("an operation nobody advertises").isBetween(400, 499);
    for (String unserved : List.of("/fhir/$expunge", "/fhir/$reindex-terminology")) {
      assertThat(http().post(unserved, FHIR_JSON, "{\"resourceType\":\"Parameters\"}").statusCode())
          .as(unserved + " is not advertised and not run").isEqualTo(405);
    }
  }

  @Test
  void systemInteractionsAreTheAdvertisedOnes() {
    Set<String> advertised = capabilities().getRestFirstRep().getInteraction().stream()
        .map(i -> i.getCode().toCode()).collect(Collectors.toSet());
    FhirHttp http = http();
    String emptyBatch = "{\"resourceType\":\"Bundle\",\"type\":\"batch\"}";
    String emptyTransaction = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\"}";
    assertServedIff(advertised.contains("batch"), "batch", http.post("/fhir", FHIR_JSON, emptyBatch));
    assertServedIff(advertised.contains("transaction"), "transaction", http.post("/fhir", FHIR_JSON, emptyTransaction));
    assertServedIff(advertised.contains("history-system"), "history-system", http.get("/fhir/_history?_count=1"));
    assertServedIff(advertised.contains("search-system"), "search-system", http.get("/fhir?_count=1"));
  }

  private static void assertServedIff(boolean advertised, String interaction, HttpResponse<String> answer) {
    if (advertised) {
      assertThat(answer.statusCode()).as(interaction + " is advertised: " + brief(answer)).isLessThan(300);
    } else {
      assertThat(answer.statusCode()).as(interaction + " is not advertised: " + brief(answer)).isBetween(400, 499);
    }
  }

  /** Without inputs: a handler answers (2xx or a 4xx about the inputs), never a 5xx; some path must reach one. */
  private void check(List<String> wrong, String operation, List<String> paths) {
    boolean handled = false;
    for (String path : paths) {
      for (HttpResponse<String> answer : List.of(http().get(path),
          http().post(path, FHIR_JSON, "{\"resourceType\":\"Parameters\"}"))) {
        int status = answer.statusCode();
        if (status >= 500) {
          wrong.add(answer.request().method() + " " + path + " answered " + status + " " + brief(answer));
        }
        handled |= status != 405 && !answer.body().contains("does not know how to handle");
      }
    }
    if (!handled) {
      wrong.add(operation + ": no handler at " + paths);
    }
  }

  private HttpResponse<String> call(String type, TypeRestfulInteraction interaction) {
    FhirHttp http = http();
    String instance = "/fhir/" + type + "/" + MISSING;
    // Bodies that cannot be stored: the id or type does not match the URL, so a handler refuses them.
    String otherId = "{\"resourceType\":\"" + type + "\",\"id\":\"capability-walk-other\"}";
    String otherType = "{\"resourceType\":\"" + ("Basic".equals(type) ? "Patient" : "Basic") + "\"}";
    return switch (interaction) {
      case READ -> http.get(instance);
      case VREAD -> http.get(instance + "/_history/1");
      case UPDATE -> http.put(instance, FHIR_JSON, otherId);
      case PATCH -> http.method("PATCH", instance, "application/json-patch+json", "[]");
      case DELETE -> http.delete(instance);
      case HISTORYINSTANCE -> http.get(instance + "/_history");
      case HISTORYTYPE -> http.get("/fhir/" + type + "/_history?_count=1");
      case CREATE -> http.post("/fhir/" + type, FHIR_JSON, otherType);
      case SEARCHTYPE -> http.get("/fhir/" + type + "?_count=1");
      default -> throw new IllegalArgumentException(interaction.toCode());
    };
  }

  /** Runs the walk of each resource type on a few threads: thousands of small requests, mostly waiting. */
  private static <T> void inParallel(List<T> items, Consumer<T> work) {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Void>> tasks = items.stream().map(item -> (Callable<Void>) () -> {
        work.accept(item);
        return null;
      }).toList();
      for (Future<Void> done : pool.invokeAll(tasks)) {
        done.get();
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error; // an assertion inside the walk
      }
      throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** No handler for it: 405, or HAPI's 400 "does not know how to handle" (not a 404 of a handler that ran). */
  private static boolean refused(HttpResponse<String> answer) {
    return answer.statusCode() == 405
        || answer.statusCode() == 400 && answer.body().contains("does not know how to handle");
  }

  private static String sample(CapabilityStatementRestResourceSearchParamComponent parameter) {
    if (parameter.getType() == null) {
      return null;
    }
    return switch (parameter.getType()) {
      case NUMBER -> "1";
      case DATE -> "2020-01-01";
      case STRING -> "walk";
      case TOKEN -> "walk";
      case REFERENCE -> "Patient/" + MISSING;
      case QUANTITY -> "1";
      case URI -> "http://example.org/walk";
      default -> null;
    };
  }

  private CapabilityStatement capabilities() {
    HttpResponse<String> metadata = http().get("/fhir/metadata");
    assertThat(metadata.statusCode()).isEqualTo(200);
    return FHIR.newJsonParser().parseResource(CapabilityStatement.class, metadata.body());
  }

  private static String brief(HttpResponse<String> answer) {
    String body = answer.body() == null ? "" : answer.body().replaceAll("\\s+", " ");
    return body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }
}
