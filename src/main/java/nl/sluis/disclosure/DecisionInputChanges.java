package nl.sluis.disclosure;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import java.util.Set;
import java.util.TreeSet;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Storage hook (every write path: REST, transactions, system writes) that marks the decision inputs a
 * write changes: the scopes of the old and the new version get new tokens just before the writing
 * transaction commits, in that same transaction (see {@link DecisionInputVersions}).
 */
@Interceptor
public class DecisionInputChanges {

  private final DecisionInputVersions versions;
  /** Null: this node stores no snapshots (readers then read the records themselves). */
  private final ClientInputSnapshots snapshots;
  private final ClientParties parties;

  DecisionInputChanges(DecisionInputVersions versions, ClientInputSnapshots snapshots, ClientParties parties) {
    this.versions = versions;
    this.snapshots = snapshots;
    this.parties = parties;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource created) {
    changed(scopes(created));
    partiesNamed(created);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource updated) {
    Set<String> scopes = scopes(previous);
    scopes.addAll(scopes(updated));
    changed(scopes);
    partiesNamed(updated);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_DELETED)
  public void deleted(IBaseResource deleted) {
    changed(scopes(deleted));
  }

  /** A client's Consent or CareTeam adds the parties it names, in the same transaction (see {@link ClientParties}). */
  private void partiesNamed(IBaseResource resource) {
    ClientParties.named(resource).ifPresent(named -> {
      java.util.Map<String, Set<String>> rows = java.util.Map.of(named.getKey(), named.getValue());
      if (TransactionSynchronizationManager.isSynchronizationActive()) {
        pending().parties.add(rows);
      } else {
        parties.add(rows);
      }
    });
  }

  /** The scopes whose derived decision inputs depend on this resource. */
  static Set<String> scopes(IBaseResource resource) {
    Set<String> scopes = new TreeSet<>();
    if (resource == null) {
      return scopes;
    }
    switch (resource.fhirType()) {
      case "Patient" -> addClient(scopes, resource.getIdElement());
      case "CareTeam" -> addClient(scopes, ((CareTeam) resource).getSubject());
      case "RelatedPerson" -> addClient(scopes, ((RelatedPerson) resource).getPatient());
      case "Observation" -> {
        if (CapacityJudgements.isJudgement((Observation) resource)) {
          addClient(scopes, ((Observation) resource).getSubject());
        }
      }
      case "QuestionnaireResponse" -> {
        // A legal ground stands or falls with its weighing: the client's grounds are derived again.
        if (Weighings.isWeighing((QuestionnaireResponse) resource)) {
          addClient(scopes, ((QuestionnaireResponse) resource).getSubject());
        }
      }
      case "Consent" -> {
        Consent consent = (Consent) resource;
        addClient(scopes, consent.getPatient());
        if (!consent.getPatient().hasReference() || ConsentMapping.isOrganisationPolicy(consent)) {
          scopes.add(DecisionInputVersions.GLOBAL);
        }
      }
      case "PractitionerRole", "Organization" -> scopes.add(DecisionInputVersions.GLOBAL);
      default -> { }
    }
    return scopes;
  }

  private static final String CLIENT_SCOPE_PREFIX = "Patient/";

  static String clientScope(String clientId) {
    return CLIENT_SCOPE_PREFIX + clientId;
  }

  private static void addClient(Set<String> scopes, Reference reference) {
    if (reference != null && reference.hasReference()) {
      addClient(scopes, reference.getReferenceElement());
    }
  }

  private static void addClient(Set<String> scopes, IIdType id) {
    if (id != null && id.hasIdPart() && (!id.hasResourceType() || "Patient".equals(id.getResourceType()))) {
      scopes.add(clientScope(id.getIdPart()));
    }
  }

  private void changed(Set<String> scopes) {
    if (scopes.isEmpty()) {
      return;
    }
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      versions.replace(scopes); // outside a transaction: no snapshot, readers will read the records
      return;
    }
    pending().scopes.addAll(scopes);
  }

  /** One per transaction: the scopes are written once, sorted, right before commit. */
  private Pending pending() {
    for (TransactionSynchronization registered : TransactionSynchronizationManager.getSynchronizations()) {
      if (registered instanceof Pending pending && pending.owner() == this) {
        return pending;
      }
    }
    Pending pending = new Pending(this);
    TransactionSynchronizationManager.registerSynchronization(pending);
    return pending;
  }

  private static final class Pending implements TransactionSynchronization {
    private final DecisionInputChanges owner;
    private final Set<String> scopes = new TreeSet<>();
    private final java.util.List<java.util.Map<String, Set<String>>> parties = new java.util.ArrayList<>();
    private java.util.Map<String, Long> replaced = java.util.Map.of();

    Pending(DecisionInputChanges owner) {
      this.owner = owner;
    }

    DecisionInputChanges owner() {
      return owner;
    }

    @Override
    public void beforeCommit(boolean readOnly) {
      replaced = owner.versions.replace(scopes);
      parties.forEach(owner.parties::add);
    }

    /**
     * Snapshots are taken after commit, on another thread, from committed data (a search inside the
     * writing transaction's Hibernate session is not safe), and stored only if no later change replaced
     * the token meanwhile. Until one is stored, readers search the records.
     */
    @Override
    public void afterCommit() {
      if (owner.snapshots == null) {
        return;
      }
      replaced.forEach((scope, token) -> {
        if (scope.startsWith(CLIENT_SCOPE_PREFIX)) {
          owner.snapshots.refreshLater(scope, scope.substring(CLIENT_SCOPE_PREFIX.length()), token);
        }
      });
    }
  }
}
