package nl.sluis.audit;

import java.util.LinkedHashSet;
import java.util.Set;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * The search terms of one logged event, written with it (same group commit) to {@code sluis_audit_index}:
 * what {@code GET /fhir/AuditEvent?…} can ask for besides id, client and date (columns of the log itself).
 * Tokens are indexed both as {@code code} and as {@code system|code}, so either form matches with one
 * equality lookup.
 */
final class AuditSearchTerms {

  /** Longer values are not indexed (no identifier or reference of ours comes near it). */
  static final int MAX_VALUE_LENGTH = 250;
  static final String OUTCOME_SYSTEM = "http://hl7.org/fhir/audit-event-outcome";

  /** One index row: a search parameter's name and a value it matches. */
  record Term(String name, String value) {

    /** Whether the term says who asked and how rather than what about (a request facet, below). */
    boolean isRequestFacet() {
      return REQUEST_FACETS.contains(name);
    }
  }

  /**
   * Parameters whose terms describe the requester and the kind of request (who, with which identifier, for which
   * purpose, which interaction, which outcome) rather than the records: thousands of events share one combination
   * of them, so each distinct combination is stored once ({@code sluis_audit_facet}) and an event names it by id.
   */
  static final Set<String> REQUEST_FACETS = Set.of("agent", "agent-identifier", "outcome", "purpose", "subtype");

  private AuditSearchTerms() {}

  static Set<Term> of(AuditEvent event) {
    Set<Term> terms = new LinkedHashSet<>();
    for (AuditEvent.AuditEventEntityComponent entity : event.getEntity()) {
      Reference what = entity.getWhat();
      if (what.hasReference()) {
        add(terms, "entity", what.getReference());
      }
      boolean basis = entity.getType() != null && AuditCodes.RESOURCE_TYPES.equals(entity.getType().getSystem())
          && "Consent".equals(entity.getType().getCode()) && entity.getRole() != null
          && "13".equals(entity.getRole().getCode());
      if (basis) {
        add(terms, "basis", what.hasReference() ? what.getReference() : what.getIdentifier().getValue());
      }
      var ground = entity.getExtensionByUrl(AuditCodes.LEGAL_GROUND_EXTENSION);
      if (ground != null && ground.getValue() instanceof Coding coding) {
        token(terms, "legal-ground", coding.getSystem(), coding.getCode());
      }
    }
    for (AuditEvent.AuditEventAgentComponent agent : event.getAgent()) {
      if (agent.getWho().hasReference()) {
        add(terms, "agent", agent.getWho().getReference());
      }
      Identifier identifier = agent.getWho().getIdentifier();
      if (identifier != null && identifier.hasValue()) {
        token(terms, "agent-identifier", identifier.getSystem(), identifier.getValue());
      }
    }
    if (event.hasOutcome()) {
      token(terms, "outcome", OUTCOME_SYSTEM, event.getOutcome().toCode());
    }
    if (event.getOutcomeDesc() != null) {
      add(terms, "outcome", event.getOutcomeDesc().split("[ ;]")[0]); // the disclosure outcome: permit, deny, …
    }
    event.getPurposeOfEvent().forEach(purpose -> purpose.getCoding()
        .forEach(coding -> token(terms, "purpose", coding.getSystem(), coding.getCode())));
    event.getSubtype().forEach(coding -> token(terms, "subtype", coding.getSystem(), coding.getCode()));
    return terms;
  }

  private static void token(Set<Term> terms, String name, String system, String code) {
    add(terms, name, code);
    if (system != null && code != null) {
      add(terms, name, system + "|" + code);
    }
  }

  private static void add(Set<Term> terms, String name, String value) {
    if (value != null && !value.isEmpty() && value.length() <= MAX_VALUE_LENGTH) {
      terms.add(new Term(name, value));
    }
  }
}
