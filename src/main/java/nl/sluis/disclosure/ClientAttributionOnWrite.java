package nl.sluis.disclosure;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.Optional;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * Every stored record of client data names its client so that disclosure decisions can find it: a logical
 * reference to a known client (its BSN, or an identifier typed Patient) is resolved to the literal
 * {@code Patient/<id>} before storage; a record whose client cannot be established (unknown BSN, foreign or
 * unidentifiable contained Patient) is refused with 422. For a restricted writer a client it may not see
 * counts as unknown, so the answer does not tell whether a BSN belongs to a client here.
 *
 * <p>A client named only through a contained Patient or inside an extension is also written down where Sluis's
 * {@code client} search parameter indexes it: the extension {@link #CLIENT_EXTENSION} ({@code Patient/<id>}) on the
 * record, so a restricted requester's search limited to its clients finds the record. The extension is Sluis's:
 * what a writer sends under that URL is replaced on every write.
 */
@Interceptor
public class ClientAttributionOnWrite {

  /** Written by the server itself from the audit log; its client is established by construction. */
  private static final java.util.Set<String> SERVER_WRITTEN = java.util.Set.of("AuditEvent");
  static final String CLIENT_EXTENSION = "http://sluis.nl/fhir/StructureDefinition/sluis-ext-Client";
  private final DisclosureService service;

  ClientAttributionOnWrite(DisclosureService service) {
    this.service = service;
  }

  // Before the guard's write rules (order -100): they then see the resolved, literal client reference.
  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = -200)
  public void created(IBaseResource created, RequestDetails request) {
    attribute(created, request);
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = -200)
  public void updated(IBaseResource previous, IBaseResource updated, RequestDetails request) {
    attribute(updated, request);
  }

  private void attribute(IBaseResource resource, RequestDetails request) {
    String type = resource.fhirType();
    if (request == null || "Patient".equals(type) || SERVER_WRITTEN.contains(type)) {
      return;
    }
    if (resource instanceof DomainResource domain) {
      domain.getExtension().removeIf(extension -> CLIENT_EXTENSION.equals(extension.getUrl()));
    }
    FhirRecords records = records(request);
    Optional<DisclosureRequest> restricted = DisclosureRequest.of(request);
    java.util.function.BiFunction<String, String, Optional<String>> visibleClient = (system, value) ->
        records.patientIdByIdentifier(system, value).filter(id -> restricted.isEmpty()
            || records.<IBaseResource>read("Patient/" + id)
                .map(patient -> service.decide(restricted.get(), patient).isDisclosed()).orElse(false));
    for (Reference reference : service.fhirContext().newTerser()
        .getAllPopulatedChildElementsOfType(resource, Reference.class)) {
      if (!reference.hasReference() && reference.hasIdentifier() && namesClient(reference)) {
        Identifier identifier = reference.getIdentifier();
        visibleClient.apply(identifier.getSystem(), identifier.getValue())
            .ifPresent(id -> reference.setReference("Patient/" + id));
      }
    }
    ClientReferences.Clients clients = service.clientReferences().of(resource, visibleClient);
    if (clients.notEstablished() && clients.named()) {
      throw new UnprocessableEntityException(Messages.text("write.clientNotEstablished", type));
    }
    if (resource instanceof DomainResource domain && service.clientReferences().isClientDataType(type)) {
      java.util.Set<String> indexed = service.clientReferences().namedInOwnElements(resource);
      clients.ids().stream().filter(id -> !indexed.contains(id)).forEach(id ->
          domain.addExtension(CLIENT_EXTENSION, new Reference("Patient/" + id)));
    }
  }

  private static boolean namesClient(Reference reference) {
    String type = reference.getType();
    return (type != null && (type.equals("Patient") || type.endsWith("/Patient")))
        || FhirCodes.BSN.equals(reference.getIdentifier().getSystem());
  }

  private FhirRecords records(RequestDetails request) {
    return DisclosureRequest.of(request).map(DisclosureRequest::records)
        .orElseGet(() -> new FhirRecords(service.daos()));
  }
}
