package nl.sluis.assessment;

import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import nl.sluis.testsupport.FhirHttp;

/**
 * A fresh client (with a mother as RelatedPerson) and the professionals of the examples, and the example concern
 * and assessment of {@code profiles/example/} rewritten to point at them: every test works on its own client.
 */
final class AssessmentFixture {

  static final ObjectMapper JSON = new ObjectMapper();
  static final Path EXAMPLES = Path.of("profiles", "example");
  static final String ZORGSIGNAAL = "http://sluis.nl/fhir/Questionnaire/zorgsignaal";
  static final String INSCHATTING = "http://sluis.nl/fhir/Questionnaire/inschatting-situatie-risicos";
  static final String FINDING = "http://sluis.nl/fhir/CodeSystem/assessment-finding";
  static final String AUTHOR = "PractitionerRole/psychiater-01-rol";

  final FhirHttp http;
  final String marker = "Ass" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  final String patient;
  final String mother;

  AssessmentFixture(FhirHttp http, LocalDate birthDate) {
    this.http = http;
    for (String file : List.of("Organization-ggz-de-sluis.json", "Practitioner-psychiater-01.json",
        "Practitioner-psycholoog-01.json", "PractitionerRole-psychiater-01-rol.json")) {
      JsonNode resource = read(file);
      HttpResponse<String> r = http.put("/fhir/" + resource.path("resourceType").asText() + "/"
          + resource.path("id").asText(), FHIR_JSON, resource.toString());
      assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
    }
    patient = "Patient/" + create("/fhir/Patient", "{\"resourceType\":\"Patient\",\"name\":[{\"use\":\"official\","
        + "\"family\":\"" + marker + "\"}],\"birthDate\":\"" + birthDate + "\"}");
    mother = "RelatedPerson/" + create("/fhir/RelatedPerson", rewrite(read("RelatedPerson-moeder-01.json"), null));
  }

  String create(String path, String body) {
    HttpResponse<String> response = http.post(path, FHIR_JSON, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return FhirHttp.idFromLocation(response);
  }

  static JsonNode read(String file) {
    try {
      return JSON.readTree(Files.readString(EXAMPLES.resolve(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An example without its id, pointing at this fixture's client, mother and (when given) concern. */
  String rewrite(JsonNode example, String concern) {
    ObjectNode copy = example.deepCopy();
    copy.remove("id");
    String text = copy.toString().replace("\"Patient/client-01\"", "\"" + patient + "\"");
    if (mother != null) {
      text = text.replace("\"RelatedPerson/moeder-01\"", "\"" + mother + "\"");
    }
    if (concern != null) {
      text = text.replace("\"QuestionnaireResponse/zorgsignaal-01\"", "\"" + concern + "\"");
    }
    return text;
  }

  ObjectNode concernJson() {
    return (ObjectNode) tree(rewrite(read("QuestionnaireResponse-zorgsignaal-01.json"), null));
  }

  ObjectNode assessmentJson(String concern) {
    return (ObjectNode) tree(rewrite(read("QuestionnaireResponse-inschatting-01.json"), concern));
  }

  /** Stores the example concern for this client and returns {@code QuestionnaireResponse/<id>}. */
  String concern() {
    ObjectNode concern = concernJson();
    concern.remove("extension"); // the server sets the stage
    return "QuestionnaireResponse/" + create("/fhir/QuestionnaireResponse", concern.toString());
  }

  static JsonNode tree(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every resource of a search (one page of up to 200). */
  List<JsonNode> search(String query) {
    HttpResponse<String> response = http.get("/fhir/" + query + (query.contains("?") ? "&" : "?") + "_count=200");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    tree(response.body()).path("entry").forEach(e -> out.add(e.path("resource")));
    return out;
  }

  List<JsonNode> findingsOf(String response) {
    return search("Observation?derived-from=" + response);
  }

  static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The item with this linkId anywhere in a response (first found, depth first). */
  static JsonNode item(JsonNode node, String linkId) {
    for (JsonNode item : node.path("item")) {
      if (linkId.equals(item.path("linkId").asText())) {
        return item;
      }
      JsonNode inner = item(item, linkId);
      if (inner != null) {
        return inner;
      }
      for (JsonNode answer : item.path("answer")) {
        JsonNode nested = item(answer, linkId);
        if (nested != null) {
          return nested;
        }
      }
    }
    return null;
  }

  static List<JsonNode> items(JsonNode node, String linkId, List<JsonNode> out) {
    for (JsonNode item : node.path("item")) {
      if (linkId.equals(item.path("linkId").asText())) {
        out.add(item);
      }
      items(item, linkId, out);
      for (JsonNode answer : item.path("answer")) {
        items(answer, linkId, out);
      }
    }
    return out;
  }
}
