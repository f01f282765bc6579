package nl.sluis.audit;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TimeZone;
import nl.sluis.disclosure.DisclosureRequest;
import nl.sluis.disclosure.DisclosureRequest.RecordedDecision;
import nl.sluis.disclosure.engine.Basis;
import nl.sluis.disclosure.engine.Outcome;
import nl.sluis.security.RequesterContext;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentComponent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAgentNetworkType;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventEntityComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;

/**
 * Turns one request's disclosure decisions into AuditEvents (profile sluis-AuditEvent-Disclosure).
 *
 * <p>Shape: one event per client and per outcome within a request. NEN 7513 asks "which client", so a
 * response about several clients gives one event each; one outcome per event because AuditEvent has a
 * single outcome. Every decided resource is a {@code data} entity (a search disclosing 50 resources names
 * all 50) with its own basis in the entity's detail; the event's {@code basis} entities are the union.
 * For a denial the data entities name the hidden resources too: the log is internal, and it is what a
 * privacy officer needs; the requester never sees them. The request itself (what was asked) is a query
 * entity, the request id a BALP XrequestId entity.
 */
final class DisclosureAuditEvents {

  /** What the audit layer knows about the request besides its decisions. */
  record RequestFacts(RestOperationTypeEnum operation, String url, String requestId, String remoteAddress,
      Integer errorStatus) {}


  /**
   * @param decisions every decision of the request
   * @param veryRestricted references of resources labelled v3-Confidentiality V in this request
   */
  List<AuditEvent> events(DisclosureRequest state, RequestFacts request, List<RecordedDecision> decisions,
      Set<String> veryRestricted) {
    RequesterContext requester = state.context();
    Map<String, Map<String, RecordedDecision>> groups = new LinkedHashMap<>();
    for (RecordedDecision decision : decisions) {
      if (decision.clientId() == null) {
        continue; // not about a client (e.g. an Organization): outside NEN 7513
      }
      if (requester.internal() && !veryRestricted.contains(decision.resource())) {
        continue; // internal access is audited for very restricted data only
      }
      String key = decision.clientId() + "|" + decision.decision().outcome();
      groups.computeIfAbsent(key, k -> new LinkedHashMap<>()).putIfAbsent(decision.resource(), decision);
    }
    Date recorded = new Date();
    Map<String, Optional<Identifier>> bsns = new LinkedHashMap<>();
    Map<String, Optional<Coding>> grounds = new LinkedHashMap<>();
    List<AuditEvent> events = new ArrayList<>();
    for (Map<String, RecordedDecision> group : groups.values()) {
      List<RecordedDecision> members = List.copyOf(group.values());
      String client = members.get(0).clientId();
      Optional<Identifier> bsn = bsns.computeIfAbsent(client, id -> bsn(state, id));
      events.add(event(state, requester, request, members, bsn, recorded, grounds));
    }
    return events;
  }

  private AuditEvent event(DisclosureRequest state, RequesterContext requester, RequestFacts request,
      List<RecordedDecision> members,
      Optional<Identifier> bsn, Date recorded, Map<String, Optional<Coding>> grounds) {
    Outcome outcome = members.get(0).decision().outcome();
    AuditEvent event = new AuditEvent();
    event.getMeta().addProfile(AuditCodes.PROFILE);
    event.setType(new Coding(AuditCodes.EVENT_TYPE, "rest", "RESTful Operation"));
    String interaction = interaction(request.operation());
    event.addSubtype(new Coding(AuditCodes.INTERACTION, interaction, interaction));
    event.setAction(request.operation() == RestOperationTypeEnum.READ || request.operation() == RestOperationTypeEnum.VREAD
        ? AuditEvent.AuditEventAction.R : AuditEvent.AuditEventAction.E);
    // Millisecond precision in UTC: a fixed textual form, so the canonical form (and hash) is stable.
    event.setRecordedElement(new InstantType(recorded, TemporalPrecisionEnum.MILLI, TimeZone.getTimeZone("UTC")));
    boolean disclosed = outcome != Outcome.DENY;
    if (request.errorStatus() != null) {
      event.setOutcome(request.errorStatus() >= 500 ? AuditEvent.AuditEventOutcome._8 : AuditEvent.AuditEventOutcome._4);
      event.setOutcomeDesc(code(outcome) + members.get(0).decision().obligations().stream()
          .map(o -> " " + o.name()).reduce("", String::concat)
          + (disclosed ? "; the response was an error (" + request.errorStatus() + "), nothing was sent" : ""));
    } else {
      event.setOutcome(disclosed ? AuditEvent.AuditEventOutcome._0 : AuditEvent.AuditEventOutcome._4);
      event.setOutcomeDesc(code(outcome) + members.get(0).decision().obligations().stream()
          .map(o -> " " + o.name()).reduce("", String::concat));
    }
    event.addPurposeOfEvent(purpose(requester));
    event.addAgent(user(requester));
    if (requester.responsibleUserId() != null && !requester.responsibleUserId().equals(requester.userId())) {
      event.addAgent(responsible(requester));
    }
    event.addAgent(client(requester, request));
    event.getSource().setSite("sluis").setObserver(new Reference().setDisplay("Sluis FHIR server"))
        .addType(new Coding(AuditCodes.SOURCE_TYPE, "4", "Application Server"));

    Reference patient = new Reference("Patient/" + members.get(0).clientId());
    bsn.ifPresent(patient::setIdentifier);
    event.addEntity().setWhat(patient)
        .setType(new Coding(AuditCodes.ENTITY_TYPE, "1", "Person"))
        .setRole(new Coding(AuditCodes.OBJECT_ROLE, "1", "Patient"));
    Map<String, Basis> bases = new LinkedHashMap<>();
    for (RecordedDecision member : members) {
      AuditEventEntityComponent data = event.addEntity().setWhat(new Reference(member.resource()))
          .setType(new Coding(AuditCodes.ENTITY_TYPE, "2", "System Object"))
          .setRole(new Coding(AuditCodes.OBJECT_ROLE, "4", "Domain Resource"));
      Set<String> used = new LinkedHashSet<>();
      for (Basis basis : member.decision().basis()) {
        if (basis.kind() != Basis.Kind.GROUND_NOT_USED) {
          used.add(basis.toString());
          bases.putIfAbsent(basis.kind() + "|" + basis.ref() + "|" + basis.detail(), basis);
        }
      }
      data.addDetail().setType(AuditCodes.ENTITY_DETAIL_BASIS).setValue(new StringType(String.join("; ", used)));
      data.addDetail().setType(AuditCodes.ENTITY_DETAIL_REASON).setValue(new StringType(member.decision().reason()));
    }
    AuditEventEntityComponent query = event.addEntity()
        .setType(new Coding(AuditCodes.ENTITY_TYPE, "2", "System Object"))
        .setRole(new Coding(AuditCodes.OBJECT_ROLE, "24", "Query"))
        .setDescription(request.url());
    query.setQuery(request.url() == null ? null : request.url().getBytes(StandardCharsets.UTF_8));
    if (request.requestId() != null) {
      event.addEntity().setType(new Coding(AuditCodes.BALP_ENTITY_TYPE, "XrequestId", "XrequestId"))
          .setWhat(new Reference().setIdentifier(new Identifier().setValue(request.requestId())));
    }
    for (Basis basis : bases.values()) {
      event.addEntity(basisEntity(state, members.get(0).clientId(), basis, grounds));
    }
    return event;
  }

  private AuditEventEntityComponent basisEntity(DisclosureRequest state, String clientId, Basis basis,
      Map<String, Optional<Coding>> grounds) {
    AuditEventEntityComponent entity = new AuditEventEntityComponent()
        .setType(new Coding(AuditCodes.RESOURCE_TYPES, "Consent", "Consent"))
        .setRole(new Coding(AuditCodes.OBJECT_ROLE, "13", "Security Resource"));
    if (basis.kind() == Basis.Kind.GROUND) {
      entity.setWhat(new Reference(basis.ref()));
      if (basis.detail() != null) {
        entity.setDescription(basis.detail()); // the provision that decided
      }
      grounds.computeIfAbsent(basis.ref(), ref -> legalGround(state, clientId, ref))
          .ifPresent(code -> entity.addExtension(AuditCodes.LEGAL_GROUND_EXTENSION, code));
    } else {
      // A rule of law or of the organisation policy: named by its stable rule id.
      entity.setWhat(new Reference().setIdentifier(new Identifier().setSystem(AuditCodes.DISCLOSURE_RULE)
          .setValue(basis.ref())).setDisplay(basis.kind().name().toLowerCase()));
    }
    return entity;
  }

  private static AuditEventAgentComponent user(RequesterContext requester) {
    AuditEventAgentComponent user = new AuditEventAgentComponent()
        .setType(new CodeableConcept(new Coding(AuditCodes.PARTICIPATION, "IRCP", "information recipient")))
        .setRequestor(true);
    Reference who = new Reference().setIdentifier(new Identifier().setSystem(AuditCodes.TOKEN_SUBJECT)
        .setValue(requester.userId())).setDisplay(requester.userName());
    user.setWho(who);
    if (requester.fhirUser() != null) {
      // As text, not a reference: the token's fhirUser need not exist here (referential integrity).
      user.setAltId(requester.fhirUser());
    }
    if (requester.roleCode() != null) {
      user.addRole(new CodeableConcept(new Coding(requester.roleSystem(), requester.roleCode(), null)));
    } else if (requester.fhirUser() != null && requester.fhirUser().startsWith("Patient/")) {
      user.addRole(new CodeableConcept(new Coding(AuditCodes.ROLE_CLASS, "PAT", "patient")));
    } else {
      user.addRole(new CodeableConcept(new Coding(AuditCodes.ROLE_CLASS, "CON", "contact")));
    }
    if (requester.tokenId() != null) {
      user.addPolicy(requester.tokenId()); // BALP: the OAuth token's id
    }
    return user;
  }

  private static AuditEventAgentComponent responsible(RequesterContext requester) {
    return new AuditEventAgentComponent()
        .setType(new CodeableConcept(new Coding(AuditCodes.PARTICIPATION, "RESP", "responsible party")))
        .setWho(new Reference().setIdentifier(new Identifier().setSystem(AuditCodes.TOKEN_SUBJECT)
            .setValue(requester.responsibleUserId())).setDisplay(requester.responsibleUserName()))
        .setRequestor(false);
  }

  private static AuditEventAgentComponent client(RequesterContext requester, RequestFacts request) {
    Identifier identifier = requester.organizationUra() != null
        ? new Identifier().setSystem(RequesterContext.URA_SYSTEM).setValue(requester.organizationUra())
        : new Identifier().setSystem(AuditCodes.OAUTH_CLIENT)
            .setValue(requester.clientId() == null ? "unknown" : requester.clientId());
    AuditEventAgentComponent client = new AuditEventAgentComponent()
        .setType(new CodeableConcept(new Coding(AuditCodes.DICOM, "110153", "Source Role ID")))
        .setWho(new Reference().setIdentifier(identifier).setDisplay(requester.organizationName()))
        .setRequestor(false);
    if (requester.clientId() != null) {
      client.setAltId(requester.clientId());
    }
    client.getNetwork().setAddress(request.remoteAddress() == null ? "unknown" : request.remoteAddress())
        .setType(AuditEventAgentNetworkType._2);
    return client;
  }

  private static CodeableConcept purpose(RequesterContext requester) {
    String code = requester.purposeOfUse();
    if (code == null && requester.fhirUser() != null) {
      code = requester.fhirUser().startsWith("Patient/") ? "PATRQT" : "FAMRQT";
    }
    if (code == null) {
      return new CodeableConcept().setText("not stated by the requester");
    }
    return new CodeableConcept(new Coding(RequesterContext.PURPOSE_SYSTEM, code, null));
  }

  static String code(Outcome outcome) {
    return outcome.name().toLowerCase().replace('_', '-');
  }

  static String interaction(RestOperationTypeEnum operation) {
    if (operation == null) {
      return "operation";
    }
    return switch (operation) {
      case READ -> "read";
      case VREAD -> "vread";
      case SEARCH_TYPE -> "search-type";
      case SEARCH_SYSTEM -> "search-system";
      case GET_PAGE -> "search";
      case HISTORY_INSTANCE -> "history-instance";
      case HISTORY_TYPE -> "history-type";
      case HISTORY_SYSTEM -> "history-system";
      case TRANSACTION -> "transaction";
      case BATCH -> "batch";
      case CREATE -> "create";
      case UPDATE -> "update";
      case PATCH -> "patch";
      case DELETE -> "delete";
      default -> "operation";
    };
  }

  /**
   * The client's BSN, from the disclosure layer's client record (read as the system: the requester may not
   * see the Patient at all; cached across requests while unchanged).
   */
  private static Optional<Identifier> bsn(DisclosureRequest state, String clientId) {
    return state.clientBsn(clientId).map(value -> new Identifier().setSystem(AuditCodes.BSN).setValue(value));
  }

  /** consent, or the legal ground without consent, as the client's Consent's policyRule names it. */
  private static Optional<Coding> legalGround(DisclosureRequest state, String clientId, String consentReference) {
    return state.legalGround(clientId, consentReference)
        .map(rule -> new Coding(AuditCodes.LEGAL_GROUND, rule.code(), rule.display()));
  }
}
