package nl.sluis.disclosure;

import java.net.http.HttpResponse;
import java.util.List;
import nl.sluis.testsupport.FhirHttp;

/**
 * Every path by which a requester can ask about a record, as one probe each: what {@link
 * HiddenEqualsMissingHttpTest} sends for a hidden and for a missing target. {@code {id}} is an Observation,
 * {@code {pid}} its client (a Patient), {@code {rid}} a QuestionnaireResponse. The table in docs/security.md
 * ("Disclosure paths") names the same probes.
 */
final class DisclosurePaths {

  record Probe(String name, String method, String path, String contentType, String body, String... headers) {

    HttpResponse<String> send(FhirHttp requester, String id, String pid, String rid, String bsn) {
      String url = fill(path, id, pid, rid, bsn);
      return body == null
          ? requester.method(method, url, null, null, headers)
          : requester.method(method, url, contentType, fill(body, id, pid, rid, bsn), headers);
    }

    private static String fill(String template, String id, String pid, String rid, String bsn) {
      return template.replace("{id}", id).replace("{pid}", pid).replace("{rid}", rid).replace("{bsn}", bsn);
    }
  }

  private static final String JSON = "application/fhir+json";
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String JSON_PATCH = "application/json-patch+json";
  private static final String OBSERVATION = "{\"resourceType\":\"Observation\",\"id\":\"{id}\",\"status\":\"final\","
      + "\"code\":{\"text\":\"probe\"},\"subject\":{\"reference\":\"Patient/{pid}\"}}";
  /** A care team naming the requester would grant need-to-know: a write about the client. */
  private static final String CARE_TEAM = "{\"resourceType\":\"CareTeam\",\"status\":\"active\",\"subject\":"
      + "{\"reference\":\"Patient/{pid}\"},\"participant\":[{\"member\":{\"reference\":\"Practitioner/psychiater-1\"}}]}";
  private static final String FHIRPATH_PATCH = "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":"
      + "\"operation\",\"part\":[{\"name\":\"type\",\"valueCode\":\"replace\"},{\"name\":\"path\",\"valueString\":"
      + "\"Observation.status\"},{\"name\":\"value\",\"valueCode\":\"amended\"}]}]}";

  private static String bundle(String type, String method, String url, String resource) {
    return "{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[{"
        + (resource == null ? "" : "\"resource\":" + resource + ",")
        + "\"request\":{\"method\":\"" + method + "\",\"url\":\"" + url + "\"}}]}";
  }

  /** The probe Observation without an id: what a conditional create or update sends. */
  private static final String NEW_OBSERVATION = OBSERVATION.replace("\"id\":\"{id}\",", "");
  private static final String MATCH = "_id={id}";

  private static String conditionalCreateEntry(String type) {
    return "{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[{\"resource\":" + NEW_OBSERVATION
        + ",\"request\":{\"method\":\"POST\",\"url\":\"Observation\",\"ifNoneExist\":\"" + MATCH + "\"}}]}";
  }

  private static String conditionalPatchEntry(String type) {
    return "{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[{\"resource\":" + FHIRPATH_PATCH
        + ",\"request\":{\"method\":\"PATCH\",\"url\":\"Observation?" + MATCH + "\"}}]}";
  }

  private static String patchEntry(String type) {
    return "{\"resourceType\":\"Bundle\",\"type\":\"" + type + "\",\"entry\":[{\"resource\":" + FHIRPATH_PATCH
        + ",\"request\":{\"method\":\"PATCH\",\"url\":\"Observation/{id}\"}}]}";
  }

  static final List<Probe> PROBES = List.of(
      new Probe("read", "GET", "/fhir/Observation/{id}", null, null),
      new Probe("read (HEAD)", "HEAD", "/fhir/Observation/{id}", null, null),
      new Probe("read with _summary", "GET", "/fhir/Observation/{id}?_summary=true", null, null),
      new Probe("read with _elements", "GET", "/fhir/Observation/{id}?_elements=status", null, null),
      new Probe("read, If-None-Match", "GET", "/fhir/Observation/{id}", null, null, "If-None-Match", "W/\"1\""),
      new Probe("read, If-Modified-Since", "GET", "/fhir/Observation/{id}", null, null, "If-Modified-Since",
          "Sat, 01 Jan 2000 00:00:00 GMT"),
      new Probe("vread", "GET", "/fhir/Observation/{id}/_history/1", null, null),
      new Probe("read the client", "GET", "/fhir/Patient/{pid}", null, null),
      new Probe("instance history", "GET", "/fhir/Observation/{id}/_history", null, null),
      new Probe("instance history, _offset", "GET", "/fhir/Observation/{id}/_history?_offset=1", null, null),
      new Probe("search by _id", "GET", "/fhir/Observation?_id={id}", null, null),
      new Probe("search by _id, POST", "POST", "/fhir/Observation/_search", FORM, "_id={id}"),
      new Probe("search by client", "GET", "/fhir/Observation?subject=Patient/{pid}&_count=1", null, null),
      new Probe("count by client", "GET", "/fhir/Observation?subject=Patient/{pid}&_summary=count", null, null),
      new Probe("search by client with its total", "GET",
          "/fhir/Observation?subject=Patient/{pid}&_total=accurate&_count=1", null, null),
      new Probe("search by the client parameter", "GET", "/fhir/Observation?client=Patient/{pid}&_count=1", null, null),
      new Probe("count by the client parameter", "GET", "/fhir/Observation?client=Patient/{pid}&_summary=count", null,
          null),
      new Probe("search the client, _revinclude by the client parameter", "GET",
          "/fhir/Patient?_id={pid}&_revinclude=Observation:client", null, null),
      new Probe("search the client's very restricted records", "GET",
          "/fhir/QuestionnaireResponse?subject=Patient/{pid}&_security=http://terminology.hl7.org/CodeSystem/v3-Confidentiality%7CV&_count=1", null, null),
      new Probe("count the client's very restricted records", "GET",
          "/fhir/QuestionnaireResponse?subject=Patient/{pid}&_security=http://terminology.hl7.org/CodeSystem/v3-Confidentiality%7CV&_summary=count", null, null),
      new Probe("search very restricted records by _id", "GET",
          "/fhir/QuestionnaireResponse?_id={rid}&_security=http://terminology.hl7.org/CodeSystem/v3-Confidentiality%7CV", null, null),
      new Probe("count by _id", "GET", "/fhir/Observation?_id={id}&_summary=count", null, null),
      new Probe("system count by _id", "GET", "/fhir?_id={id}&_type=Observation&_summary=count", null, null),
      new Probe("search by the client's BSN (chain)", "GET",
          "/fhir/Observation?subject:Patient.identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C{bsn}&_count=1", null, null),
      new Probe("search by client, _include", "GET",
          "/fhir/Observation?subject=Patient/{pid}&_include=Observation:subject&_count=1", null, null),
      new Probe("search the client, _revinclude", "GET",
          "/fhir/Patient?_id={pid}&_revinclude=Observation:subject", null, null),
      new Probe("search by reference", "GET", "/fhir/Observation?derived-from=Observation/{id}", null, null),
      new Probe("search the client by _has", "GET", "/fhir/Patient?_has:Observation:subject:_id={id}", null, null),
      new Probe("count the client by _has", "GET", "/fhir/Patient?_has:Observation:subject:_id={id}&_summary=count",
          null, null),
      new Probe("system search by _id", "GET", "/fhir?_id={id}&_type=Observation", null, null),
      new Probe("$everything", "GET", "/fhir/Patient/{pid}/$everything?_count=1", null, null),
      new Probe("audit events naming the record", "GET", "/fhir/AuditEvent?entity=Observation/{id}", null, null),
      new Probe("audit events of the client", "GET", "/fhir/AuditEvent?patient=Patient/{pid}&_count=1", null, null),
      new Probe("$disclosure-overview", "GET", "/fhir/Patient/{pid}/$disclosure-overview", null, null),
      new Probe("$explain-disclosure", "GET", "/fhir/Observation/{id}/$explain-disclosure", null, null),
      new Probe("$validate on the record", "POST", "/fhir/Observation/{id}/$validate", JSON,
          "{\"resourceType\":\"Parameters\"}"),
      new Probe("$meta", "GET", "/fhir/Observation/{id}/$meta", null, null),
      new Probe("$extract", "POST", "/fhir/QuestionnaireResponse/{rid}/$extract", JSON,
          "{\"resourceType\":\"Parameters\"}"),
      new Probe("$anonymised-summary", "GET", "/fhir/QuestionnaireResponse/{rid}/$anonymised-summary", null, null),
      new Probe("$request-advice", "POST", "/fhir/QuestionnaireResponse/{rid}/$request-advice", JSON,
          "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"adviceBody\",\"valueCoding\":{\"system\":"
              + "\"http://sluis.nl/fhir/CodeSystem/consultation-partner\",\"code\":\"platform-jep\"}}]}"),
      new Probe("update", "PUT", "/fhir/Observation/{id}", JSON, OBSERVATION),
      new Probe("JSON Patch", "PATCH", "/fhir/Observation/{id}", JSON_PATCH,
          "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"amended\"}]"),
      new Probe("FHIRPath Patch", "PATCH", "/fhir/Observation/{id}", JSON, FHIRPATH_PATCH),
      new Probe("delete", "DELETE", "/fhir/Observation/{id}", null, null),
      new Probe("conditional create", "POST", "/fhir/Observation", JSON, NEW_OBSERVATION, "If-None-Exist", MATCH),
      new Probe("conditional update", "PUT", "/fhir/Observation?" + MATCH, JSON, NEW_OBSERVATION),
      new Probe("conditional JSON Patch", "PATCH", "/fhir/Observation?" + MATCH, JSON_PATCH,
          "[{\"op\":\"replace\",\"path\":\"/status\",\"value\":\"amended\"}]"),
      new Probe("conditional FHIRPath Patch", "PATCH", "/fhir/Observation?" + MATCH, JSON, FHIRPATH_PATCH),
      new Probe("conditional delete", "DELETE", "/fhir/Observation?" + MATCH, null, null),
      new Probe("type history", "GET", "/fhir/Observation/_history?_count=1", null, null),
      new Probe("type history, _at", "GET", "/fhir/Observation/_history?_at=le2099-01-01&_count=2", null, null),
      new Probe("create referring to it", "POST", "/fhir/Observation", JSON,
          "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"verwijst\"},"
              + "\"subject\":{\"reference\":\"Patient/{pid}\"},\"derivedFrom\":[{\"reference\":\"Observation/{id}\"}]}"),
      new Probe("batch read", "POST", "/fhir", JSON, bundle("batch", "GET", "Observation/{id}", null)),
      new Probe("batch search", "POST", "/fhir", JSON, bundle("batch", "GET", "Observation?_id={id}", null)),
      new Probe("batch count", "POST", "/fhir", JSON,
          bundle("batch", "GET", "Observation?subject=Patient/{pid}&_summary=count", null)),
      new Probe("batch search with _offset", "POST", "/fhir", JSON,
          bundle("batch", "GET", "Observation?subject=Patient/{pid}&_offset=1&_count=1", null)),
      new Probe("batch search, Cache-Control: no-store", "POST", "/fhir", JSON,
          bundle("batch", "GET", "Observation?subject=Patient/{pid}&_count=1", null), "Cache-Control", "no-store"),
      new Probe("batch page link", "POST", "/fhir", JSON,
          bundle("batch", "GET", "?_getpages={id}&_getpagesoffset=1&_count=1", null)),
      new Probe("transaction read", "POST", "/fhir", JSON, bundle("transaction", "GET", "Observation/{id}", null)),
      new Probe("batch update", "POST", "/fhir", JSON, bundle("batch", "PUT", "Observation/{id}", OBSERVATION)),
      new Probe("transaction update", "POST", "/fhir", JSON,
          bundle("transaction", "PUT", "Observation/{id}", OBSERVATION)),
      new Probe("batch patch", "POST", "/fhir", JSON, patchEntry("batch")),
      new Probe("transaction patch", "POST", "/fhir", JSON, patchEntry("transaction")),
      new Probe("batch create about the client", "POST", "/fhir", JSON, bundle("batch", "POST", "CareTeam", CARE_TEAM)),
      new Probe("transaction create about the client", "POST", "/fhir", JSON,
          bundle("transaction", "POST", "CareTeam", CARE_TEAM)),
      new Probe("batch delete", "POST", "/fhir", JSON, bundle("batch", "DELETE", "Observation/{id}", null)),
      new Probe("transaction delete", "POST", "/fhir", JSON, bundle("transaction", "DELETE", "Observation/{id}", null)),
      new Probe("batch conditional create", "POST", "/fhir", JSON, conditionalCreateEntry("batch")),
      new Probe("transaction conditional create", "POST", "/fhir", JSON, conditionalCreateEntry("transaction")),
      new Probe("batch conditional update", "POST", "/fhir", JSON,
          bundle("batch", "PUT", "Observation?" + MATCH, NEW_OBSERVATION)),
      new Probe("transaction conditional update", "POST", "/fhir", JSON,
          bundle("transaction", "PUT", "Observation?" + MATCH, NEW_OBSERVATION)),
      new Probe("batch conditional patch", "POST", "/fhir", JSON, conditionalPatchEntry("batch")),
      new Probe("transaction conditional patch", "POST", "/fhir", JSON, conditionalPatchEntry("transaction")),
      new Probe("batch conditional delete", "POST", "/fhir", JSON, bundle("batch", "DELETE", "Observation?" + MATCH, null)),
      new Probe("transaction conditional delete", "POST", "/fhir", JSON,
          bundle("transaction", "DELETE", "Observation?" + MATCH, null)),
      new Probe("batch history", "POST", "/fhir", JSON, bundle("batch", "GET", "Observation/{id}/_history", null)));

  private DisclosurePaths() {
  }
}
