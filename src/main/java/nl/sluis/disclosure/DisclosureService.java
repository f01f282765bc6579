package nl.sluis.disclosure;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import nl.sluis.disclosure.engine.AdolescentConsentMode;
import nl.sluis.disclosure.engine.Basis;
import nl.sluis.disclosure.engine.DisclosureDecision;
import nl.sluis.disclosure.engine.DisclosureEngine;
import nl.sluis.disclosure.engine.Obligation;
import nl.sluis.disclosure.engine.OrganisationPolicy;
import nl.sluis.disclosure.engine.Outcome;
import nl.sluis.disclosure.engine.Requester;
import nl.sluis.disclosure.engine.ResourceFacts;
import nl.sluis.disclosure.engine.SecurityLabel;
import nl.sluis.security.RequesterContext;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Consent;

/**
 * The HAPI side of disclosure decisions: turns a request and a stored resource into the engine's inputs
 * (loading the client's consents, care team and representatives, and the organisation policy from the
 * database as the system), and returns the engine's decision with its basis.
 */
public class DisclosureService {

  /** Types that can carry other resources or raw documents: never shown to a restricted requester. */
  static final Set<String> NEVER_TO_RESTRICTED = Set.of("Binary", "Bundle");
  /** Basis added when a decision's obligations cannot be carried out (see {@link #carriedOut}). */
  static final String NOT_CARRIED_OUT = "policy:transformation-not-available-fail-closed";
  private final DaoRegistry daos;
  private final FhirContext fhir;
  private final DisclosureProperties properties;
  private final String ownUra;
  private final OrganisationPolicy defaultPolicy;
  private final AtomicReference<DisclosureEngine> engine = new AtomicReference<>();
  private final DecisionInputCache cache;
  private final ClientReferences clientReferences;

  DisclosureService(DaoRegistry daos, FhirContext fhir, DisclosureProperties properties, String ownUra,
      DecisionInputCache cache) {
    this.daos = daos;
    this.cache = cache;
    this.fhir = fhir;
    this.clientReferences = new ClientReferences(fhir);
    this.properties = properties;
    this.ownUra = ownUra;
    DisclosureProperties.DefaultPolicy defaults = properties.getDefaultPolicy();
    this.defaultPolicy = OrganisationPolicy.defaults(ownUra)
        .withNeedToKnowRoles(defaults.getNeedToKnowRoles().toArray(String[]::new))
        .withVeryRestrictedRoles(defaults.getVeryRestrictedRoles().toArray(String[]::new))
        .withLegalGroundRoles(defaults.getLegalGroundRoles().toArray(String[]::new))
        .withAcceptedExternalPurposes(defaults.getExternalPurposes().toArray(String[]::new))
        .withAdolescentConsentMode("child-only".equals(defaults.getMinorConsentMode())
            ? AdolescentConsentMode.CHILD_ONLY : AdolescentConsentMode.BOTH_CHILD_AND_PARENT);
  }

  /** The background pass that derives missing snapshots (empty when decisions are off). */
  java.util.Optional<ClientSnapshotBackfill> snapshotBackfill() {
    return snapshots().map(ClientInputSnapshots::backfill);
  }

  /** The stored decision-input snapshots (empty when decisions are off). */
  java.util.Optional<ClientInputSnapshots> snapshots() {
    return java.util.Optional.ofNullable(cache).map(DecisionInputCache::snapshots);
  }

  FhirContext fhirContext() {
    return fhir;
  }

  DaoRegistry daos() {
    return daos;
  }

  ClientReferences clientReferences() {
    return clientReferences;
  }

  /** The requester of a request whose reads are filtered: not public, not a trusted system. */
  public java.util.Optional<RequesterContext> restrictedRequester(ca.uhn.fhir.rest.api.server.RequestDetails request) {
    return RequesterContext.of(request).filter(requester -> !isTrusted(requester));
  }

  /** Whether the record exists and the requester may see it (a hidden and a missing record are both "no"). */
  boolean isVisible(DisclosureRequest state, String reference) {
    return state.records().<IBaseResource>read(reference).map(stored -> decide(state, stored).isDisclosed())
        .orElse(false);
  }

  /** Requests of the organisation's own trusted integration systems are not restricted. */
  public boolean isTrusted(RequesterContext requester) {
    return requester.internal() && properties.getTrustedInternalSystems().contains(requester.userId());
  }

  /**
   * Per-request state: the requester, the policy in force, and what was read for earlier resources. The
   * policy is resolved when first needed: with the cache, a read by id then checks the global and the
   * client's change tokens in one query.
   */
  public DisclosureRequest begin(RequesterContext context) {
    return begin(context, today());
  }

  /** Today in the organisation's time zone: the day decisions are taken on. */
  LocalDate today() {
    return LocalDate.now(properties.getTimeZone());
  }

  /** As {@link #begin(RequesterContext)}, deciding as of {@code date} (the privacy officer's simulator). */
  public DisclosureRequest begin(RequesterContext context, LocalDate date) {
    return begin(context, date, null);
  }

  /**
   * As {@link #begin(RequesterContext, LocalDate)} under a draft organisation policy (the privacy officer's
   * preview before saving): a private engine compiled for this request only; the shared engine, the cache
   * and the stored policy are untouched. {@code draft} null: the policy in force.
   */
  DisclosureRequest begin(RequesterContext context, LocalDate date, OrganisationPolicy draft) {
    FhirRecords records = new FhirRecords(daos);
    ConsentMapping consents = new ConsentMapping(records, properties.getTimeZone());
    Supplier<DisclosureEngine> engine;
    DisclosureRequest.ClientRecords clients;
    if (draft != null) {
      DisclosureEngine preview = new DisclosureEngine(draft);
      engine = () -> preview;
      DecisionInputCache.GlobalToken global = cache == null ? null : cache.globalTokenOfRequest();
      clients = cache == null ? clientId -> ClientRecord.load(clientId, records, consents)
          : clientId -> cache.client(clientId, global);
    } else if (cache == null) {
      engine = () -> engineFor(currentPolicy(records));
      clients = clientId -> ClientRecord.load(clientId, records, consents);
    } else {
      DecisionInputCache.GlobalToken global = cache.globalTokenOfRequest();
      engine = () -> engineFor(cache.policy(global.get(), () -> currentPolicy(records)));
      clients = clientId -> cache.client(clientId, global);
    }
    return new DisclosureRequest(context, requester(context, records), engine,
        date, records, clients, new ResourceFactsMapping(clientReferences, records, properties.getTimeZone()));
  }

  /** A draft policy Consent as the engine's policy (on top of the configured defaults, as a saved one is). */
  OrganisationPolicy draftPolicy(Consent draft) {
    return ConsentMapping.toPolicy(draft, ownUra, defaultPolicy);
  }

  /** The roles the organisation policy in force allows to record a legal ground (whoever asks). */
  Set<String> legalGroundRolesInForce() {
    FhirRecords records = new FhirRecords(daos);
    OrganisationPolicy policy = cache == null ? currentPolicy(records)
        : cache.policy(cache.globalTokenOfRequest().get(), () -> currentPolicy(records));
    return policy.legalGroundRoles();
  }

  /** The records a decision rests on, read as the system (one instance per use). */
  FhirRecords records() {
    return new FhirRecords(daos);
  }

  /** One engine per policy: it compiles the policy once. */
  private DisclosureEngine engineFor(OrganisationPolicy policy) {
    DisclosureEngine current = engine.get();
    if (current == null || !current.policy().equals(policy)) {
      current = new DisclosureEngine(policy);
      engine.set(current);
    }
    return current;
  }

  /** The decision for one resource; a resource about several clients is disclosed only if all permit. */
  public DisclosureDecision decide(DisclosureRequest request, IBaseResource resource) {
    String reference = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    if (NEVER_TO_RESTRICTED.contains(resource.fhirType())) {
      DisclosureDecision denied = DisclosureDecision.deny("Binary and Bundle resources may carry any client's data",
          Basis.policy("policy:container-types-not-disclosed"));
      request.record(reference, null, denied);
      return denied;
    }
    DisclosureDecision combined = null;
    String decidingClient = null;
    for (ResourceFacts facts : request.resources().facts(resource)) {
      ClientRecord client = facts.clientId() == null ? null : request.client(facts.clientId());
      DisclosureDecision decision = request.engine().decide(request.requester(), facts,
          client == null ? null : client.facts(), client == null ? List.of() : client.grounds(), request.date());
      if (combined == null || decision.outcome() == Outcome.DENY) {
        combined = decision;
        decidingClient = facts.clientId();
      }
      if (decision.outcome() == Outcome.DENY) {
        break;
      }
    }
    combined = carriedOut(combined);
    if (resource.getIdElement().hasIdPart()) {
      // only stored records are audited; unstored content derives from a record whose read was decided
      request.record(reference, decidingClient, combined);
    }
    return combined;
  }

  /**
   * The decision as Sluis carries it out. De-identified copies are made only by the explicit
   * $anonymised-summary operation: on ordinary reads and searches a de-identified answer would still confirm
   * that a client with that BSN or name is known here (being a GGZ client is itself confidential). Elements
   * with inline security labels cannot be cut out yet. Both therefore become a denial, and the audit trail
   * and the explanation say so.
   */
  static DisclosureDecision carriedOut(DisclosureDecision decision) {
    boolean supported = switch (decision.outcome()) {
      case PERMIT, DENY -> true;
      case PERMIT_WITH_OBLIGATIONS -> decision.obligations().stream()
          .allMatch(o -> o == Obligation.REDACT_FREE_TEXT || o == Obligation.MINIMUM_NECESSARY);
      case DEIDENTIFY -> false;
    };
    if (supported) {
      return decision;
    }
    List<Basis> basis = new ArrayList<>(decision.basis());
    basis.add(Basis.policy(NOT_CARRIED_OUT));
    return DisclosureDecision.deny("The engine allowed only a transformed copy (" + decision.obligations()
        + ") that this server does not make on ordinary reads: " + decision.reason(), basis);
  }

  private OrganisationPolicy currentPolicy(FhirRecords records) {
    return activePolicyConsent(records).map(c -> ConsentMapping.toPolicy(c, ownUra, defaultPolicy))
        .orElse(defaultPolicy);
  }

  /** The stored organisation policy in force: the newest active organisation-policy Consent, if any. */
  java.util.Optional<Consent> activePolicyConsent() {
    return activePolicyConsent(new FhirRecords(daos));
  }

  private static java.util.Optional<Consent> activePolicyConsent(FhirRecords records) {
    List<Consent> policies = new ArrayList<>(records.<Consent>withToken("Consent", "category",
        FhirCodes.CONSENT_CATEGORY, "organisation-policy"));
    return policies.stream()
        .filter(c -> c.getStatus() == Consent.ConsentState.ACTIVE && ConsentMapping.isOrganisationPolicy(c))
        .max(Comparator.comparing(c -> c.getMeta().getLastUpdated()));
  }

  /** The engine's requester; professionals are identified by their Practitioner id (fhirUser) when known. */
  private static Requester requester(RequesterContext context, FhirRecords records) {
    String fhirUser = context.fhirUser();
    if (fhirUser != null && fhirUser.startsWith("Patient/")) {
      return Requester.client(fhirUser.substring("Patient/".length()));
    }
    if (fhirUser != null && fhirUser.startsWith("RelatedPerson/")) {
      return Requester.relatedPerson(fhirUser.substring("RelatedPerson/".length()));
    }
    String user = context.userId();
    if (fhirUser != null && fhirUser.startsWith("Practitioner/")) {
      user = fhirUser.substring("Practitioner/".length());
    } else if (fhirUser != null && fhirUser.startsWith("PractitionerRole/")) {
      user = records.<org.hl7.fhir.r4.model.PractitionerRole>read(fhirUser)
          .filter(role -> role.getPractitioner().getReferenceElement().hasIdPart())
          .map(role -> role.getPractitioner().getReferenceElement().getIdPart())
          .orElse(user);
    }
    Requester requester = new Requester(context.organizationUra(), context.internal(), user, context.roleCode(),
        context.responsibleUserId(), context.purposeOfUse(), null);
    return requester;
  }

  static boolean isVeryRestricted(ResourceFacts facts) {
    return facts.labels().contains(SecurityLabel.VERY_RESTRICTED);
  }
}
