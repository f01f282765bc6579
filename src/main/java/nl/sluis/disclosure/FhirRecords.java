package nl.sluis.disclosure;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.Include;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;

/**
 * Reads the records a decision rests on (Patient, CareTeam, RelatedPerson, Consent, Organization,
 * PractitionerRole) as the system, bypassing the requester's own disclosure checks. One instance per
 * request: it remembers what it read, so a search over many resources of one client reads them once.
 */
final class FhirRecords {

  private final DaoRegistry daos;
  private final Map<String, Optional<IBaseResource>> byReference = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, Optional<String>> patientsByIdentifier = new java.util.concurrent.ConcurrentHashMap<>();

  FhirRecords(DaoRegistry daos) {
    this.daos = daos;
  }

  @SuppressWarnings("unchecked")
  <T extends IBaseResource> Optional<T> read(String reference) {
    return (Optional<T>) byReference.computeIfAbsent(reference, this::load);
  }

  private Optional<IBaseResource> load(String reference) {
    IdType id = new IdType(reference);
    if (!id.hasResourceType() || !id.hasIdPart() || !daos.isResourceTypeSupported(id.getResourceType())) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(
          daos.getResourceDao(id.getResourceType()).read(id.toUnqualifiedVersionless(), new SystemRequestDetails()));
    } catch (ResourceNotFoundException | ResourceGoneException missing) {
      return Optional.empty();
    }
  }

  /**
   * The last version of a deleted resource before its deletion (as the system), to decide whether a requester
   * may learn that it was deleted; empty when it is not deleted, never existed, or that version is gone too.
   */
  Optional<IBaseResource> lastVersionBeforeDeletion(String reference) {
    IdType id = new IdType(reference);
    if (!id.hasResourceType() || !id.hasIdPart() || !daos.isResourceTypeSupported(id.getResourceType())) {
      return Optional.empty();
    }
    IFhirResourceDao<?> dao = daos.getResourceDao(id.getResourceType());
    try {
      IBaseResource tombstone = dao.read(id.toUnqualifiedVersionless(), new SystemRequestDetails(), true);
      if (!(tombstone instanceof org.hl7.fhir.instance.model.api.IAnyResource any)
          || ca.uhn.fhir.model.api.ResourceMetadataKeyEnum.DELETED_AT.get(any) == null) {
        return Optional.empty(); // not deleted: its version before is no deletion's
      }
      Long deleted = tombstone.getIdElement().getVersionIdPartAsLong();
      if (deleted == null || deleted < 2) {
        return Optional.empty();
      }
      return Optional.ofNullable(dao.read(id.toUnqualifiedVersionless().withVersion(Long.toString(deleted - 1)),
          new SystemRequestDetails()));
    } catch (ResourceNotFoundException | ResourceGoneException missing) {
      return Optional.empty();
    }
  }

  /** One version of a record (as the system); empty when it never existed or is a deletion. */
  Optional<IBaseResource> version(String reference, long version) {
    IdType id = new IdType(reference);
    if (version < 1 || !id.hasResourceType() || !id.hasIdPart()
        || !daos.isResourceTypeSupported(id.getResourceType())) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(daos.getResourceDao(id.getResourceType())
          .read(id.toUnqualifiedVersionless().withVersion(Long.toString(version)), new SystemRequestDetails()));
    } catch (ResourceNotFoundException | ResourceGoneException missing) {
      return Optional.empty();
    }
  }

  /**
   * A Patient and the resources that point at it through the given reverse includes (e.g.
   * {@code Consent:patient}), in one search: much cheaper than a read plus one search per type.
   */
  List<IBaseResource> withReverseIncludes(String patientId, List<String> reverseIncludes) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add("_id", new TokenParam(patientId));
    reverseIncludes.forEach(include -> map.addRevInclude(new Include(include)));
    return daos.getResourceDao("Patient").search(map, new SystemRequestDetails()).getAllResources();
  }

  /** All resources of a type whose reference parameter points at the given reference. */
  @SuppressWarnings("unchecked")
  <T extends IBaseResource> List<T> referencing(String type, String parameter, String reference) {
    SearchParameterMap map = SearchParameterMap.newSynchronous().add(parameter, new ReferenceParam(reference));
    IFhirResourceDao<?> dao = daos.getResourceDao(type);
    return (List<T>) dao.search(map, new SystemRequestDetails()).getAllResources();
  }

  /** Resources of a type whose reference parameter points at the reference and whose token parameter matches. */
  @SuppressWarnings("unchecked")
  <T extends IBaseResource> List<T> referencingWithToken(String type, String parameter, String reference,
      String tokenParameter, String system, String code) {
    SearchParameterMap map = SearchParameterMap.newSynchronous().add(parameter, new ReferenceParam(reference))
        .add(tokenParameter, new TokenParam(system, code));
    return (List<T>) daos.getResourceDao(type).search(map, new SystemRequestDetails()).getAllResources();
  }

  /**
   * The id of the one stored Patient with this identifier, if exactly one has it (an identifier shared by
   * several Patients establishes no client).
   */
  Optional<String> patientIdByIdentifier(String system, String value) {
    return patientsByIdentifier.computeIfAbsent(system + "|" + value, key -> {
      List<IBaseResource> found = withToken("Patient", "identifier", system, value);
      return found.size() == 1 ? Optional.of(found.get(0).getIdElement().getIdPart()) : Optional.empty();
    });
  }

  @SuppressWarnings("unchecked")
  <T extends IBaseResource> List<T> withToken(String type, String parameter, String system, String code) {
    SearchParameterMap map = SearchParameterMap.newSynchronous().add(parameter, new TokenParam(system, code));
    return (List<T>) daos.getResourceDao(type).search(map, new SystemRequestDetails()).getAllResources();
  }
}
