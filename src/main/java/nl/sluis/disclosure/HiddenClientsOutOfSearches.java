package nl.sluis.disclosure;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.interceptor.model.RequestPartitionId;
import ca.uhn.fhir.jpa.api.svc.IIdHelperService;
import ca.uhn.fhir.jpa.api.svc.ResolveIdentityMode;
import ca.uhn.fhir.jpa.dao.NonPersistedSearch;
import ca.uhn.fhir.jpa.dao.tx.IHapiTransactionService;
import ca.uhn.fhir.jpa.model.cross.IResourceLookup;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.StringParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.util.ICachedSearchDetails;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import nl.sluis.disclosure.engine.Basis;
import nl.sluis.disclosure.engine.DisclosureDecision;
import nl.sluis.disclosure.engine.Rules;

/**
 * A restricted requester's search that names its clients leaves out, before HAPI runs any SQL, every named client of
 * whose records of the searched type nothing can be disclosed to this requester today ({@link
 * nl.sluis.disclosure.engine.DisclosureEngine#mayDiscloseAnyOf}, on the client's decision inputs read with the
 * same change-token check as every decision, so a revocation counts from the next request). Without this, HAPI
 * loaded and decided every one of such a client's records, and the time that took told that records exist; now
 * the search costs what a search for a client that does not exist costs, and answers the same.
 *
 * <p>A search names a client by a reference to {@code Patient/<id>} in any reference parameter of a type other than
 * Patient ({@code Observation?subject=Patient/1}, {@code patient=Patient/1}, {@code subject:Patient=1},
 * {@code Claim?beneficiary=Patient/1}; several as OR values, or repeated as AND), by an untyped id ({@code patient=1})
 * when it is a server-assigned numeric id and the record with that id is a Patient, and in a Patient search by
 * {@code _id} or by an exact identifier ({@code identifier=<bsn system>|<bsn>}, when one stored Patient has it). Only ids of stored Patients are considered (HAPI's id lookup, not a read); the client's
 * decision inputs come from the node's cache or the stored snapshot after one primary-key read of its change token. Such a value is replaced by a reference to (or the id of) a Patient that does not exist: HAPI then
 * matches no record for it, exactly as for a client that does not exist, with its own SQL, paging and bundle.
 *
 * <p>Why this removes only rows that would be denied: every record a typed or numeric Patient reference matches
 * points to that Patient, so Sluis decides it for that client ({@link ClientReferences}; a record about several
 * clients is disclosed only if each permits) or fails closed; and the predicate never says no when some record of
 * the client would be permitted. Not narrowed (answered as before, every row decided): chained and {@code :missing}
 * values (logical references, {@code subject:identifier=...}, never get here: HAPI refuses the modifier with 400),
 * references on a Patient search (a Patient is about itself only), untyped
 * client-assigned ids (another type may use the same id), system-level searches, and trusted systems. A search that
 * names no client at all is limited to the requester's clients by {@link RequesterClientsOnly}.
 */
@Interceptor
public final class HiddenClientsOutOfSearches {

  /** With a random UUID: the id of a Patient that does not exist (48 characters, a valid id). */
  static final String NOWHERE = "geen-client-";
  /** The basis an audited denial of a left-out client names. */
  static final String LEFT_OUT = "policy:search-left-out-client";
  private static final Pattern SERVER_ASSIGNED = Pattern.compile("[1-9][0-9]{0,18}");
  private final DisclosureService service;
  private final IIdHelperService<?> ids;
  private final IHapiTransactionService transactions;
  private final boolean numericIdsAreServerAssigned;
  /** Null: searches that name no client are not limited. */
  private final RequesterClientsOnly requesterClientsOnly;
  /** Null: very restricted records are not left out. */
  private final VeryRestrictedOutOfSearches veryRestricted;

  /**
   * @param numericIdsAreServerAssigned clients may not choose purely numeric ids and the server assigns numeric ids
   *        from one sequence (HAPI's ALPHANUMERIC client and SEQUENTIAL_NUMERIC server id strategies): a numeric id
   *        then names one record of one type
   */
  HiddenClientsOutOfSearches(DisclosureService service, IIdHelperService<?> ids, IHapiTransactionService transactions,
      boolean numericIdsAreServerAssigned, RequesterClientsOnly requesterClientsOnly,
      VeryRestrictedOutOfSearches veryRestricted) {
    this.requesterClientsOnly = requesterClientsOnly;
    this.veryRestricted = veryRestricted;
    this.service = service;
    this.ids = ids;
    this.transactions = transactions;
    this.numericIdsAreServerAssigned = numericIdsAreServerAssigned;
  }

  @Hook(Pointcut.STORAGE_PRESEARCH_REGISTERED)
  public void leaveOutHiddenClients(RequestDetails request, SearchParameterMap criteria, ICachedSearchDetails search) {
    // searches of the request itself (also a batch's search entries); not the match-URL searches of writes
    if (request == null || search instanceof NonPersistedSearch
        || request.getRestOperationType() != RestOperationTypeEnum.SEARCH_TYPE || search.getResourceType() == null) {
      return;
    }
    Optional<DisclosureRequest> state = DisclosureRequest.of(request);
    if (state.isEmpty() || service.restrictedRequester(request).isEmpty()) {
      return;
    }
    String type = search.getResourceType();
    Map<String, Boolean> mayDisclose = new HashMap<>();
    Set<String> stored = new HashSet<>();
    boolean namesClient = false;
    // the clients of an AND clause whose every value names a stored client: every match is about one of them
    Set<String> matchedClients = null;
    for (String name : new ArrayList<>(criteria.keySet())) {
      List<List<IQueryParameterType>> clauses = criteria.get(name);
      List<List<IQueryParameterType>> narrowed = new ArrayList<>(clauses.size());
      boolean changed = false;
      for (List<IQueryParameterType> either : clauses) {
        List<IQueryParameterType> values = new ArrayList<>(either.size());
        Set<String> clauseClients = new HashSet<>();
        boolean onlyClients = !either.isEmpty();
        for (IQueryParameterType value : either) {
          String client = namedClient(state.get(), type, name, value);
          namesClient |= client != null;
          onlyClients &= client != null;
          if (client != null) {
            clauseClients.add(client);
          }
          if (client != null && !mayDisclose.computeIfAbsent(client, id -> mayDisclose(state.get(), id, type, stored))) {
            values.add(nowhere(value));
            changed = true;
          } else {
            values.add(value);
          }
        }
        narrowed.add(values);
        if (onlyClients && matchedClients == null && stored.containsAll(clauseClients)) {
          matchedClients = new HashSet<>();
          for (String client : clauseClients) {
            if (mayDisclose.get(client)) {
              matchedClients.add(client); // one left out matches nothing
            }
          }
        }
      }
      if (changed) {
        criteria.put(name, narrowed);
      }
    }
    if (!namesClient && requesterClientsOnly != null) {
      requesterClientsOnly.narrow(state.get(), type, criteria);
    }
    if (veryRestricted != null && (!namesClient || matchedClients != null)) {
      veryRestricted.narrow(state.get(), type, criteria, matchedClients);
    }
  }

  /**
   * Could any of this client's records of this type be disclosed to the requester today (decided on the request's
   * inputs)? An id no
   * stored Patient has is left alone (HAPI matches nothing for it anyway): its decision inputs are never derived, so
   * a requester naming made-up ids makes Sluis store nothing.
   */
  private boolean mayDisclose(DisclosureRequest state, String clientId, String type, Set<String> stored) {
    if (!storedPatient(clientId)) {
      return true;
    }
    stored.add(clientId);
    ClientRecord client = state.client(clientId);
    boolean may = state.engine().mayDiscloseAnyOf(state.requester(), client.facts(), client.grounds(), type,
        state.date());
    if (!may) {
      // The attempt stays in the client's audit trail (one denial, as when the rows were loaded and each denied):
      // a privacy officer and the client's overview see who searched for the client's records and was refused.
      state.record("Patient/" + clientId, clientId, DisclosureDecision.deny("Nothing of this client's " + type
          + " records may be disclosed to this requester: left out of the search",
          Basis.law(Rules.PROFESSIONAL_SECRECY), Basis.policy(LEFT_OUT)));
    }
    return may;
  }

  /**
   * Whether a Patient with this id is stored and not deleted: HAPI's id lookup (one indexed query, no cache since
   * deletes are allowed), not a read — reading and parsing the Patient was ≈ 0.5 ms of every restricted search that
   * names a client (profile of session 13).
   */
  private boolean storedPatient(String clientId) {
    return transactions.withSystemRequestOnDefaultPartition().readOnly().execute(() -> {
      try {
        IResourceLookup<?> found = ids.resolveResourceIdentity(RequestPartitionId.allPartitions(), "Patient",
            clientId, ResolveIdentityMode.excludeDeleted().noCacheUnlessDeletesDisabled());
        return found != null && found.getDeleted() == null;
      } catch (ResourceNotFoundException | ResourceGoneException missing) {
        return false;
      }
    });
  }

  /** The Patient id this search value restricts the matches to (each match points to it), or null. */
  private String namedClient(DisclosureRequest state, String type, String name, IQueryParameterType value) {
    if (value.getMissing() != null) {
      return null;
    }
    if ("Patient".equals(type)) {
      if ("identifier".equals(name)) {
        return clientByIdentifier(state, value);
      }
      if (!"_id".equals(name)) {
        return null; // a Patient is about itself: one that refers to another client is not that client's record
      }
      if (value instanceof TokenParam token && token.getModifier() == null && isBlank(token.getSystem())) {
        return validId(token.getValue());
      }
      if (value instanceof StringParam string && !string.isContains()) {
        return validId(string.getValue());
      }
      return null;
    }
    if (!(value instanceof ReferenceParam reference) || !isBlank(reference.getChain()) || reference.isMdmExpand()
        || !isBlank(reference.getBaseUrl())) {
      return null;
    }
    String id = validId(reference.getIdPart());
    if (id == null) {
      return null;
    }
    if ("Patient".equals(reference.getResourceType())) {
      return id;
    }
    if (isBlank(reference.getResourceType()) && numericIdsAreServerAssigned && SERVER_ASSIGNED.matcher(id).matches()) {
      // one record at most has this id: if it is a stored Patient (checked before deciding), the value means
      // Patient/<id>; if not, the value is left alone
      return id;
    }
    return null;
  }

  /**
   * The one stored Patient an exact identifier ({@code system|value}) names, or null (no system, a modifier, none or
   * several Patients with it). A search by BSN thus counts as naming that client: left out when nothing of it may be
   * disclosed, with the attempt in the client's audit trail, as for a search by reference.
   */
  private static String clientByIdentifier(DisclosureRequest state, IQueryParameterType value) {
    if (!(value instanceof TokenParam token) || token.getModifier() != null || isBlank(token.getSystem())
        || isBlank(token.getValue()) || token.getSystem().length() > 200 || token.getValue().length() > 200) {
      return null;
    }
    return state.records().patientIdByIdentifier(token.getSystem(), token.getValue()).orElse(null);
  }

  private static String validId(String id) {
    return id != null && id.matches("[A-Za-z0-9\\-.]{1,64}") ? id : null;
  }

  private static IQueryParameterType nowhere(IQueryParameterType value) {
    String id = NOWHERE + UUID.randomUUID();
    if (value instanceof ReferenceParam) {
      return new ReferenceParam("Patient/" + id);
    }
    if (value instanceof StringParam) {
      return new StringParam(id, true);
    }
    return new TokenParam(id);
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
