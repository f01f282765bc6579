package nl.sluis.disclosure;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import nl.sluis.disclosure.engine.ResourceFacts;
import nl.sluis.disclosure.engine.SecurityLabel;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

/** The engine's view of a resource: type, id, the clients it is about, labels, data date. */
final class ResourceFactsMapping {

  /** The id the engine sees for a resource that is not stored (it can match no provision naming data). */
  static final String UNSTORED_ID = "unstored";
  private final FhirContext fhir;
  private final ZoneId zone;

  ResourceFactsMapping(FhirContext fhir, ZoneId zone) {
    this.fhir = fhir;
    this.zone = zone;
  }

  /** One fact set per client the resource is about (Patient compartment owners); one without client if none. */
  List<ResourceFacts> facts(IBaseResource resource) {
    String type = resource.fhirType();
    // Content an operation produced for this response (e.g. $extract's findings) has no id yet.
    String id = resource.getIdElement().hasIdPart() ? resource.getIdElement().getIdPart() : UNSTORED_ID;
    Set<String> clients = new LinkedHashSet<>();
    if ("Patient".equals(type)) {
      clients.add(id);
    } else {
      for (IIdType owner : fhir.newTerser().getCompartmentOwnersForResource("Patient", resource, Set.of())) {
        // The compartment's paths also hold references to professionals (a response's author, an
        // observation's performer): only a Patient is a client.
        if ("Patient".equals(owner.getResourceType()) && owner.hasIdPart()) {
          clients.add(owner.getIdPart());
        }
      }
    }
    Set<SecurityLabel> labels = new LinkedHashSet<>();
    for (IBaseCoding label : resource.getMeta().getSecurity()) {
      if (label.getSystem() != null && label.getCode() != null) {
        labels.add(new SecurityLabel(label.getSystem(), label.getCode()));
      }
    }
    LocalDate dataDate = dataDate(resource);
    if (clients.isEmpty()) {
      return List.of(new ResourceFacts(type, id, null, labels, Set.of(), dataDate));
    }
    return clients.stream().map(client -> new ResourceFacts(type, id, client, labels, Set.of(), dataDate)).toList();
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
