package nl.sluis.disclosure;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import nl.sluis.disclosure.engine.DataCategory;
import nl.sluis.disclosure.engine.ResourceFacts;
import nl.sluis.disclosure.engine.SecurityLabel;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

/** The engine's view of a resource: type, id, the clients it is about, labels, data date, data categories. */
final class ResourceFactsMapping {

  /** The id the engine sees for a resource that is not stored (it can match no provision naming data). */
  static final String UNSTORED_ID = "unstored";
  private final ClientReferences clientReferences;
  private final FhirRecords records;
  private final ZoneId zone;

  ResourceFactsMapping(ClientReferences clientReferences, FhirRecords records, ZoneId zone) {
    this.clientReferences = clientReferences;
    this.records = records;
    this.zone = zone;
  }

  /**
   * One fact set per client the resource is about (see {@link ClientReferences}); one without client if it is
   * about none; one "client not established" set when a client is named but cannot be found.
   */
  List<ResourceFacts> facts(IBaseResource resource) {
    String type = resource.fhirType();
    // Content an operation produced for this response (e.g. $extract's findings) has no id yet.
    String id = resource.getIdElement().hasIdPart() ? resource.getIdElement().getIdPart() : UNSTORED_ID;
    Set<String> clients = new LinkedHashSet<>();
    boolean notEstablished = false;
    if ("Patient".equals(type)) {
      clients.add(id);
    } else {
      ClientReferences.Clients found = clientReferences.of(resource, records::patientIdByIdentifier);
      clients.addAll(found.ids());
      notEstablished = found.notEstablished();
    }
    Set<SecurityLabel> labels = new LinkedHashSet<>();
    for (IBaseCoding label : resource.getMeta().getSecurity()) {
      if (label.getSystem() != null && label.getCode() != null) {
        labels.add(new SecurityLabel(label.getSystem(), label.getCode()));
      }
    }
    LocalDate dataDate = dataDate(resource);
    if (notEstablished) {
      return List.of(ResourceFacts.clientNotEstablished(type, id, labels, dataDate));
    }
    Set<DataCategory> categories = DataCategories.of(resource);
    if (clients.isEmpty()) {
      return List.of(new ResourceFacts(type, id, null, labels, Set.of(), dataDate, false, categories));
    }
    return clients.stream()
        .map(client -> new ResourceFacts(type, id, client, labels, Set.of(), dataDate, false, categories)).toList();
  }

  private LocalDate dataDate(IBaseResource resource) {
    java.util.Date date = null;
    if (resource instanceof Observation observation && observation.hasEffectiveDateTimeType()) {
      date = observation.getEffectiveDateTimeType().getValue();
    } else if (resource instanceof QuestionnaireResponse response) {
      date = response.getAuthored();
    } else if (resource instanceof Communication communication) {
      date = communication.getSent();
    } else if (resource instanceof Consent consent) {
      date = consent.getDateTime();
    }
    return date == null ? null : date.toInstant().atZone(zone).toLocalDate();
  }
}
