package nl.sluis.disclosure;

import ca.uhn.fhir.context.FhirContext;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Which clients a resource is about, found through every way a FHIR resource can point to a Patient: a
 * literal reference ({@code Patient/1}) at any element (subject, patient, for, focus, beneficiary, performer,
 * securityContext, …), a logical reference (an identifier such as the BSN, typed Patient or with the BSN
 * system), and a contained Patient (identified by its identifiers). A pointer that names a client Sluis cannot
 * find (an unknown BSN, a Patient on another server, a contained Patient without a known identifier, a
 * Patient-typed reference with only a display) leaves the client "not established"; so does a resource of a
 * type in FHIR's Patient compartment that points to no client at all. Such records are refused to every
 * restricted requester (fail closed) and refused on write.
 */
final class ClientReferences {

  /**
   * The clients found; whether some pointer names a client at all (found or not); whether some pointer (or,
   * for a client-data type, the lack of any) leaves the client not established.
   */
  record Clients(Set<String> ids, boolean named, boolean notEstablished) {
  }

  private final FhirContext fhir;
  /** Types in FHIR's Patient compartment: they are about a client by definition. */
  private final Set<String> clientDataTypes;

  ClientReferences(FhirContext fhir) {
    this.fhir = fhir;
    Set<String> types = new java.util.HashSet<>();
    for (String type : fhir.getResourceTypes()) {
      if (!fhir.getResourceDefinition(type).getSearchParamsForCompartmentName("Patient").isEmpty()) {
        types.add(type);
      }
    }
    types.remove("Patient"); // a Patient is the client itself
    this.clientDataTypes = Set.copyOf(types);
  }

  boolean isClientDataType(String type) {
    return clientDataTypes.contains(type);
  }

  /**
   * The clients a record names by a literal {@code Patient/<id>} reference in one of its own elements: not inside an
   * extension and not inside a contained resource. These are what Sluis's {@code client} search parameter indexes
   * from FHIR's elements; a client named only otherwise needs {@link ClientAttributionOnWrite}'s extension.
   */
  Set<String> namedInOwnElements(IBaseResource resource) {
    Set<String> ids = new LinkedHashSet<>();
    fhir.newTerser().visit(resource, new ca.uhn.fhir.util.IModelVisitor2() {
      @Override
      public boolean acceptElement(org.hl7.fhir.instance.model.api.IBase element,
          java.util.List<org.hl7.fhir.instance.model.api.IBase> containingPath,
          java.util.List<ca.uhn.fhir.context.BaseRuntimeChildDefinition> childPath,
          java.util.List<ca.uhn.fhir.context.BaseRuntimeElementDefinition<?>> elementPath) {
        if (element instanceof org.hl7.fhir.instance.model.api.IBaseExtension<?, ?>
            || element instanceof IBaseResource && element != resource) {
          return false;
        }
        if (element instanceof Reference reference && reference.hasReference()) {
          IIdType id = reference.getReferenceElement();
          if ("Patient".equals(id.getResourceType()) && id.hasIdPart() && !id.isAbsolute()
              && !reference.getReference().contains("?")) {
            ids.add(id.getIdPart());
          }
        }
        return true;
      }

      @Override
      public boolean acceptUndeclaredExtension(org.hl7.fhir.instance.model.api.IBaseExtension<?, ?> extension,
          java.util.List<org.hl7.fhir.instance.model.api.IBase> containingPath,
          java.util.List<ca.uhn.fhir.context.BaseRuntimeChildDefinition> childPath,
          java.util.List<ca.uhn.fhir.context.BaseRuntimeElementDefinition<?>> elementPath) {
        return false;
      }
    });
    return ids;
  }

  /**
   * @param patientByIdentifier finds a stored Patient's id by identifier system and value
   */
  Clients of(IBaseResource resource, BiFunction<String, String, Optional<String>> patientByIdentifier) {
    String type = resource.fhirType();
    if ("Patient".equals(type)) {
      return new Clients(resource.getIdElement().hasIdPart() ? Set.of(resource.getIdElement().getIdPart()) : Set.of(),
          true, false);
    }
    Set<String> ids = new LinkedHashSet<>();
    boolean notEstablished = false;
    boolean named = false;
    for (Reference reference : fhir.newTerser().getAllPopulatedChildElementsOfType(resource, Reference.class)) {
      Pointer pointer = pointer(resource, reference, patientByIdentifier);
      named |= pointer != Pointer.NONE;
      if (pointer.notEstablished()) {
        notEstablished = true;
      } else if (pointer.clientId() != null) {
        ids.add(pointer.clientId);
      }
    }
    if (ids.isEmpty() && isClientDataType(type) && !isOrganisationPolicy(resource)) {
      notEstablished = true;
    }
    return new Clients(ids, named, notEstablished);
  }

  /** What one reference says about a client: nothing, a client id, or a client that cannot be found. */
  private record Pointer(boolean notEstablished, String clientId) {
    static final Pointer NONE = new Pointer(false, null);
    static final Pointer NOT_ESTABLISHED = new Pointer(true, null);

    static Pointer client(String id) {
      return new Pointer(false, id);
    }
  }

  private Pointer pointer(IBaseResource owner, Reference reference,
      BiFunction<String, String, Optional<String>> patientByIdentifier) {
    IIdType id = reference.getReferenceElement();
    String value = reference.getReference();
    if (value != null && value.startsWith("#")) {
      return contained(owner, reference, value.substring(1), patientByIdentifier);
    }
    if (value != null && !value.isBlank()) {
      if (value.contains("?")) {
        return Pointer.NONE; // a conditional reference is resolved (or refused) before storage
      }
      if (!"Patient".equals(id.getResourceType())) {
        return Pointer.NONE;
      }
      return id.isAbsolute() || !id.hasIdPart() ? Pointer.NOT_ESTABLISHED : Pointer.client(id.getIdPart());
    }
    boolean typedPatient = isPatientType(reference.getType());
    if (reference.hasIdentifier()) {
      Identifier identifier = reference.getIdentifier();
      if (typedPatient || FhirCodes.BSN.equals(identifier.getSystem())) {
        return byIdentifier(identifier, patientByIdentifier);
      }
      return Pointer.NONE;
    }
    return typedPatient ? Pointer.NOT_ESTABLISHED : Pointer.NONE; // a Patient named by display only
  }

  private Pointer contained(IBaseResource owner, Reference reference, String localId,
      BiFunction<String, String, Optional<String>> patientByIdentifier) {
    IBaseResource target = reference.getResource();
    if (target == null && owner instanceof DomainResource domain) {
      for (Resource candidate : domain.getContained()) {
        String candidateId = candidate.getIdElement().getIdPart();
        if (localId.equals(candidateId) || ("#" + localId).equals(candidate.getId())) {
          target = candidate;
        }
      }
    }
    if (!(target instanceof Patient patient)) {
      return target == null && isPatientType(reference.getType()) ? Pointer.NOT_ESTABLISHED : Pointer.NONE;
    }
    for (Identifier identifier : patient.getIdentifier()) {
      Pointer found = byIdentifier(identifier, patientByIdentifier);
      if (!found.notEstablished()) {
        return found;
      }
    }
    return Pointer.NOT_ESTABLISHED;
  }

  private static Pointer byIdentifier(Identifier identifier,
      BiFunction<String, String, Optional<String>> patientByIdentifier) {
    if (!identifier.hasSystem() || !identifier.hasValue()) {
      return Pointer.NOT_ESTABLISHED;
    }
    return patientByIdentifier.apply(identifier.getSystem(), identifier.getValue())
        .map(Pointer::client)
        .orElse(Pointer.NOT_ESTABLISHED);
  }

  private static boolean isPatientType(String type) {
    return type != null && (type.equals("Patient") || type.endsWith("/Patient"));
  }

  /** The organisation policy is a Consent about no client (the privacy officer's rules). */
  private static boolean isOrganisationPolicy(IBaseResource resource) {
    return resource instanceof Consent consent && !consent.hasPatient() && ConsentMapping.isOrganisationPolicy(consent);
  }
}
