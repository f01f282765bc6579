package nl.sluis.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * What of one logged event a client's overview ({@code $disclosure-overview}) shows: only what concerns
 * that client. The log keeps everything — the request as typed, which may name other clients (an external
 * party searching {@code Patient?identifier=<BSN>,<BSN>}), and who asked, which may be another client's
 * own app. The overview shows what was asked without its parameters and without ids that are not this
 * client's records, and a patient-facing requester other than the client by kind, not by who.
 */
final class ClientOverviewFilter {

  static final String OTHER_CLIENT = "another client (patient-facing app)";
  static final String RELATED_PERSON = "a related person (patient-facing app)";

  /** Who asked, as the overview shows it. */
  record Accessor(String user, String role, String onBehalfOf) {}

  private ClientOverviewFilter() {}

  static Accessor accessor(DisclosureRecord record, String patient) {
    String fhirUser = record.fhirUser();
    if (fhirUser != null && !fhirUser.equals(patient)) {
      if (fhirUser.startsWith("Patient/")) {
        return new Accessor(OTHER_CLIENT, null, null);
      }
      if (fhirUser.startsWith("RelatedPerson/")) {
        return new Accessor(RELATED_PERSON, null, null);
      }
    }
    return new Accessor(record.userName() != null ? record.userName() : record.user(), record.role(),
        record.responsibleName() != null ? record.responsibleName() : record.responsible());
  }

  /**
   * The request's resource type, the record id if it is this client's (the client's Patient or a record
   * the event names for this client), and the operation; search parameters become "?…".
   */
  static String asked(DisclosureRecord record, String patient) {
    String url = record.asked();
    if (url == null) {
      return null;
    }
    int query = url.indexOf('?');
    String path = query < 0 ? url : url.substring(0, query);
    List<String> segments = new ArrayList<>();
    boolean inFhirPath = false;
    for (String segment : path.split("/")) {
      // the server's base ("http:", host, "fhir") is lower case; a FHIR path starts at a type or operation
      inFhirPath |= segment.matches("[A-Z][A-Za-z]*") || segment.startsWith("$");
      if (inFhirPath && !segment.isEmpty()) {
        segments.add(segment);
      }
    }
    StringBuilder shown = new StringBuilder();
    for (int i = 0; i < segments.size(); i++) {
      String segment = segments.get(i);
      boolean id = i == 1 && !segment.startsWith("$") && !segment.startsWith("_");
      if (id && !concernsClient(segments.get(0) + "/" + segment, record, patient)) {
        shown.append("/(another record)");
        break; // nothing after an id that is not this client's
      }
      shown.append(i == 0 ? "" : "/").append(segment);
    }
    if (shown.isEmpty()) {
      shown.append("(the server)");
    }
    return query < 0 ? shown.toString() : shown + "?…";
  }

  private static boolean concernsClient(String reference, DisclosureRecord record, String patient) {
    return reference.equals(patient) || record.data().contains(reference);
  }
}
