package nl.sluis.disclosure;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import nl.sluis.disclosure.engine.DisclosureEngine;
import nl.sluis.disclosure.engine.Requester;
import nl.sluis.security.RequesterContext;

/** One restricted request's disclosure state; kept in the HAPI request's user data. */
public final class DisclosureRequest {

  private static final String KEY = DisclosureRequest.class.getName();
  private final RequesterContext context;
  private final Requester requester;
  private final java.util.function.Supplier<DisclosureEngine> engineSource;
  private volatile DisclosureEngine engine;
  private final LocalDate date;
  private final FhirRecords records;
  private final ClientRecords clientRecords;
  private final ResourceFactsMapping resources;
  // HAPI may process the entries of one batch on parallel threads: state shared across them is concurrent.
  private final Map<String, ClientRecord> clients = new java.util.concurrent.ConcurrentHashMap<>();
  // in the order taken; a queue, not a copy-on-write list: a broad search records thousands (a copy per add is O(n²))
  private final java.util.Queue<RecordedDecision> decisions = new java.util.concurrent.ConcurrentLinkedQueue<>();
  /** The latest decision per resource ({@code Type/id}), so that a caller need not decide again what was decided. */
  private final Map<String, nl.sluis.disclosure.engine.DisclosureDecision> latest =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * One decision taken in this request, for the audit trail (NEN 7513): which resource, about which
   * client, and the engine's decision with its basis.
   */
  public record RecordedDecision(String resource, String clientId, nl.sluis.disclosure.engine.DisclosureDecision decision) {}

  DisclosureRequest(RequesterContext context, Requester requester, java.util.function.Supplier<DisclosureEngine> engine,
      LocalDate date,
      FhirRecords records, ClientRecords clientRecords, ResourceFactsMapping resources) {
    this.context = context;
    this.requester = requester;
    this.engineSource = engine;
    this.date = date;
    this.records = records;
    this.clientRecords = clientRecords;
    this.resources = resources;
  }

  public static Optional<DisclosureRequest> of(RequestDetails request) {
    return Optional.ofNullable((DisclosureRequest) request.getUserData().get(KEY));
  }

  void attachTo(RequestDetails request) {
    request.getUserData().put(KEY, this);
  }

  ClientRecord client(String clientId) {
    return clients.computeIfAbsent(clientId, clientRecords::load);
  }

  /** Where a request gets a client's record from (the database, or the cross-request cache). */
  interface ClientRecords {
    ClientRecord load(String clientId);
  }

  /** The client's BSN as stored (read as the system; for the audit trail, never for the requester). */
  public Optional<String> clientBsn(String clientId) {
    return Optional.ofNullable(client(clientId).bsn());
  }

  /**
   * The legal-ground code and display of one of the client's Consents (e.g. consent, conflict-of-duties),
   * for the audit trail; empty when the Consent is not the client's or names none.
   */
  public Optional<LegalGround> legalGround(String clientId, String consentReference) {
    ClientRecord.PolicyRule rule = client(clientId).policyRules().get(consentReference);
    return rule == null ? Optional.empty() : Optional.of(new LegalGround(rule.code(), rule.display()));
  }

  /** A Consent's policyRule in Sluis' legal-ground code system. */
  public record LegalGround(String code, String display) {}

  public RequesterContext context() {
    return context;
  }

  public Requester requester() {
    return requester;
  }

  /** Roles the organisation policy in force allows to record a legal ground. */
  java.util.Set<String> legalGroundRoles() {
    return engine().policy().legalGroundRoles();
  }

  /** The engine of the policy in force, resolved once per request on first use. */
  DisclosureEngine engine() {
    DisclosureEngine current = engine;
    if (current == null) {
      synchronized (this) {
        if (engine == null) {
          engine = engineSource.get();
        }
        current = engine;
      }
    }
    return current;
  }

  public LocalDate date() {
    return date;
  }

  void record(String resource, String clientId, nl.sluis.disclosure.engine.DisclosureDecision decision) {
    decisions.add(new RecordedDecision(resource, clientId, decision));
    latest.put(resource, decision);
  }

  /** The decision this request took last for a stored resource ({@code Type/id}), if it took one. */
  java.util.Optional<nl.sluis.disclosure.engine.DisclosureDecision> decided(String resource) {
    return java.util.Optional.ofNullable(latest.get(resource));
  }

  /** Every decision taken so far in this request, in order; the audit layer writes them. */
  public java.util.List<RecordedDecision> decisions() {
    return java.util.List.copyOf(decisions);
  }

  FhirRecords records() {
    return records;
  }

  ResourceFactsMapping resources() {
    return resources;
  }

  /** External organisations and patient-facing apps: no writes, no history, no oracles. */
  public boolean isOutsider() {
    return !context.internal();
  }
}
