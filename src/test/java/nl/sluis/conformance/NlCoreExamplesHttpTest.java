package nl.sluis.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import nl.sluis.conformance.pkg.NlCoreExamples;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Nictiz's own published nl-core examples (Patient, ContactPerson, HealthProfessional, HealthcareProvider,
 * CareTeam) written to the running server: every one is accepted, except the ones our minimum rules refuse on
 * purpose ({@link NlCoreExamples#REFUSED_ON_PURPOSE}), which get 422 naming the rule. The examples reference each
 * other by id, so they are created with PUT (update-as-create, client-assigned id) in dependency order, together
 * with the other package examples they point to (e.g. Conditions); a refused Patient that another example names is
 * then stored with the birth date our rule requires, so that only the example itself decides its outcome.
 */
class NlCoreExamplesHttpTest extends PostgresServerTest {

  @TestFactory
  Stream<DynamicTest> everyNictizExampleIsAcceptedOnCreateUnlessOurMinimumRulesRefuseIt() {
    assumeTrue(NlCoreExamples.available(), "nl-core packages absent: ../shared/nl-core");
    Map<String, JsonNode> everything = NlCoreExamples.everyExample();
    Map<String, JsonNode> examples = NlCoreExamples.all();
    List<DynamicTest> tests = new ArrayList<>();

    for (Map.Entry<String, String> refused : NlCoreExamples.REFUSED_ON_PURPOSE.entrySet()) {
      JsonNode example = examples.get(refused.getKey());
      ObjectNode withoutId = example.deepCopy();
      withoutId.remove("id");
      HttpResponse<String> response = http().post("/fhir/" + example.path("resourceType").asText(),
          FhirHttp.FHIR_JSON, withoutId.toString());
      tests.add(DynamicTest.dynamicTest(refused.getKey() + " refused: " + refused.getValue(), () -> {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.body()).contains(refused.getValue());
      }));
    }

    Map<String, JsonNode> toStore = new LinkedHashMap<>();
    examples.forEach((file, json) -> toStore.put(file, completed(file, json)));
    addReferencedExamples(toStore, everything);
    Map<String, HttpResponse<String>> last = putInDependencyOrder(toStore);
    examples.keySet().stream().filter(f -> !NlCoreExamples.REFUSED_ON_PURPOSE.containsKey(f)).forEach(file ->
        tests.add(DynamicTest.dynamicTest(file, () -> assertThat(last.get(file).statusCode())
            .as("%s: %s", file, last.get(file).body()).isIn(200, 201))));
    assertThat(tests).hasSizeGreaterThanOrEqualTo(examples.size());
    return tests.stream();
  }

  /** A refused example as another example needs it to exist: with what our rule requires added. */
  private static JsonNode completed(String file, JsonNode example) {
    if (!NlCoreExamples.BIRTH_DATE_REQUIRED.equals(NlCoreExamples.REFUSED_ON_PURPOSE.get(file))) {
      return example;
    }
    ObjectNode copy = example.deepCopy();
    copy.put("birthDate", "1940-01-01");
    return copy;
  }

  /** Adds, transitively, every package example that a stored example references as {@code Type/id}. */
  private static void addReferencedExamples(Map<String, JsonNode> toStore, Map<String, JsonNode> everything) {
    Map<String, String> fileById = new LinkedHashMap<>();
    everything.forEach((file, json) -> fileById.put(json.path("resourceType").asText() + "/" + json.path("id").asText(),
        file));
    List<String> pending = new ArrayList<>(toStore.keySet());
    while (!pending.isEmpty()) {
      String file = pending.remove(0);
      for (String ref : references(toStore.get(file))) {
        String target = fileById.get(ref);
        if (target != null && !toStore.containsKey(target)) {
          toStore.put(target, everything.get(target));
          pending.add(target);
        }
      }
    }
  }

  private static Set<String> references(JsonNode node) {
    Set<String> out = new TreeSet<>();
    collect(node, out);
    return out;
  }

  private static void collect(JsonNode node, Set<String> out) {
    if (node.isObject()) {
      if (node.path("reference").isTextual()) {
        out.add(node.path("reference").asText());
      }
      node.elements().forEachRemaining(child -> collect(child, out));
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, out));
    }
  }

  /** PUT by id, retrying what failed (a reference target not stored yet) until a round makes no progress. */
  private Map<String, HttpResponse<String>> putInDependencyOrder(Map<String, JsonNode> toStore) {
    Map<String, HttpResponse<String>> last = new LinkedHashMap<>();
    List<String> pending = new ArrayList<>(toStore.keySet());
    boolean progress = true;
    while (!pending.isEmpty() && progress) {
      progress = false;
      for (String file : List.copyOf(pending)) {
        JsonNode json = toStore.get(file);
        HttpResponse<String> response = http().put("/fhir/" + json.path("resourceType").asText() + "/"
            + json.path("id").asText(), FhirHttp.FHIR_JSON, json.toString());
        last.put(file, response);
        if (response.statusCode() / 100 == 2) {
          pending.remove(file);
          progress = true;
        }
      }
    }
    return last;
  }
}
