package nl.sluis.disclosure;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import nl.sluis.disclosure.engine.Party;
import nl.sluis.disclosure.engine.PartyKind;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * A restricted requester's search that names no client is limited, before HAPI runs any SQL, to the requester's
 * clients: for an external requester those some of whose Consents name it as recipient ({@link
 * nl.sluis.disclosure.engine.DisclosureEngine#recipientsAGroundMustName}: an external permit must name its recipient),
 * for the organisation's own professionals without a need-to-know role those whose care team names them ({@link
 * nl.sluis.disclosure.engine.DisclosureEngine#careTeamMembersRequired}), both looked up in {@link ClientParties}.
 * Nothing about any other client may be disclosed to the requester, so HAPI no longer loads and decides their records
 * one by one, and the time a search takes no longer grows with records the requester may not see. An organisation no
 * client named searches as if the server held no client data. Every match is still decided as before.
 *
 * <p>The limit is one more search parameter with the clients as OR values: Sluis's {@code client} parameter (every
 * element that may refer to a Patient, {@link ClientSearchParameter}), so a record naming its client only in
 * {@code focus} or {@code performer} is found as one naming it in {@code subject}; {@code _id} on Patient. While
 * {@code client} cannot be relied on (records not yet reindexed for it after an upgrade) the type's own parameter
 * that names its client ({@code patient}, else {@code subject}, else its only Patient-compartment parameter) is used,
 * and such records are missing from limited searches until the reindex ends. Not limited: more clients than
 * {@code sluis.disclosure.max-clients-in-narrowed-search} (every match is loaded and decided, as before), types
 * without a parameter of their own while {@code client} cannot be relied on, Consent (the organisation policy is a Consent
 * about no client), AuditEvent, purposes the policy answers de-identified, need-to-know roles and patient portals.
 */
final class RequesterClientsOnly {

  private static final Set<String> NOT_NARROWED = Set.of("Consent", "AuditEvent");
  private static final java.util.regex.Pattern VALID_ID = java.util.regex.Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
  private final ClientParties parties;
  private final DaoRegistry daos;
  private final int maxClients;
  /** Per client data type that is limited: the parameter used while {@code client} cannot be (may be absent). */
  private final Map<String, Optional<String>> ownParameters;
  private final ClientSearchParameter client;

  RequesterClientsOnly(ClientParties parties, DaoRegistry daos, FhirContext fhir, ClientReferences clientTypes,
      ClientSearchParameter client, int maxClients) {
    this.parties = parties;
    this.daos = daos;
    this.client = client;
    this.maxClients = maxClients;
    Map<String, Optional<String>> parameters = new HashMap<>();
    for (String type : fhir.getResourceTypes()) {
      if (clientTypes.isClientDataType(type) && !NOT_NARROWED.contains(type)) {
        parameters.put(type, clientParameter(fhir, type));
      }
    }
    this.ownParameters = Map.copyOf(parameters);
  }

  /** The parameter a limited search of this type names the requester's clients in; null when it is not limited. */
  private String parameterFor(String type) {
    if ("Patient".equals(type)) {
      return "_id";
    }
    Optional<String> own = ownParameters.get(type);
    if (own == null) {
      return null;
    }
    return client.usableFor(type) ? ClientSearchParameter.CODE : own.orElse(null);
  }

  /** The reference parameter by which a record of this type names its client, if there is one clear choice. */
  private static Optional<String> clientParameter(FhirContext fhir, String type) {
    List<RuntimeSearchParam> compartment = fhir.getResourceDefinition(type).getSearchParamsForCompartmentName("Patient");
    for (String preferred : List.of("patient", "subject")) {
      for (RuntimeSearchParam parameter : compartment) {
        if (parameter.getName().equals(preferred) && parameter.getParamType() == RestSearchParameterTypeEnum.REFERENCE) {
          return Optional.of(preferred);
        }
      }
    }
    return compartment.size() == 1 && compartment.get(0).getParamType() == RestSearchParameterTypeEnum.REFERENCE
        ? Optional.of(compartment.get(0).getName()) : Optional.empty();
  }

  /** Adds the limit to a restricted requester's search of this type that names no client, when it applies. */
  void narrow(DisclosureRequest state, String type, SearchParameterMap criteria) {
    keys(state).ifPresent(keys -> limit(type, criteria, keys));
  }

  /**
   * Limits a search to the clients whose care team names one of these professionals (a search of very restricted
   * records only, by a need-to-know role: such records of other clients are not theirs to see); false when the limit
   * does not apply (as for {@link #narrow}: too many clients, no parameter, parties not yet known).
   */
  boolean narrowToCareTeams(String type, SearchParameterMap criteria, Set<Party> members) {
    return limit(type, criteria, memberKeys(members));
  }

  /** Adds the clients these keys name as OR values of the type's client parameter; false when it does not apply. */
  private boolean limit(String type, SearchParameterMap criteria, Keys keys) {
    String parameter = maxClients <= 0 ? null : parameterFor(type);
    if (parameter == null || !parties.complete()) {
      return false;
    }
    // the keys that need no lookup first: a GP practice most clients name is past the bound without any
    Set<String> clients = new TreeSet<>(parties.clientsNaming(keys.direct(), maxClients + 1));
    if (clients.size() <= maxClients) {
      clients.addAll(parties.clientsNaming(keys.lookedUp().get(), maxClients + 1));
    }
    if (clients.size() > maxClients) {
      return false;
    }
    if ("_id".equals(parameter)) {
      TokenOrListParam ids = new TokenOrListParam();
      (clients.isEmpty() ? List.of(nowhere()) : clients).forEach(id -> ids.addOr(new TokenParam(id)));
      criteria.add(parameter, ids);
    } else {
      ReferenceOrListParam references = new ReferenceOrListParam();
      (clients.isEmpty() ? List.of(nowhere()) : clients).forEach(id -> references.addOr(new ReferenceParam("Patient/" + id)));
      criteria.add(parameter, references);
    }
    return true;
  }

  /**
   * Whether some client's care team may name one of these professionals; also true while that cannot be known (the
   * table of parties not yet filled from an earlier build's records).
   */
  boolean anyCareTeamNames(Set<Party> members) {
    if (!parties.complete()) {
      return true;
    }
    Keys keys = memberKeys(members);
    return !parties.clientsNaming(keys.direct(), 1).isEmpty() || !parties.clientsNaming(keys.lookedUp().get(), 1).isEmpty();
  }

  private static String nowhere() {
    return HiddenClientsOutOfSearches.NOWHERE + UUID.randomUUID();
  }

  /** Keys under which records name the requester: those known from the token, and those found by id lookups. */
  private record Keys(Set<String> direct, Supplier<Set<String>> lookedUp) {}

  /** The keys under which a client's records name this requester; empty when its searches are not limited. */
  private Optional<Keys> keys(DisclosureRequest state) {
    Optional<Set<Party>> recipients = state.engine().recipientsAGroundMustName(state.requester());
    if (recipients.isPresent()) {
      return Optional.of(recipientKeys(recipients.get()));
    }
    return state.engine().careTeamMembersRequired(state.requester()).map(this::memberKeys);
  }

  /**
   * The keys under which Consents name these parties as recipient (see {@link ClientParties#recipientsOf}): an
   * organisation by its URA or by a reference to a stored Organization with that URA; a professional by a reference to
   * their Practitioner or to one of their PractitionerRoles (as the Consent mapping resolves them).
   */
  private Keys recipientKeys(Set<Party> recipients) {
    Set<String> direct = new TreeSet<>();
    for (Party party : recipients) {
      direct.add(party.kind() == PartyKind.ORGANISATION ? ClientParties.uraKey(party.id())
          : ClientParties.RECIPIENT + "Practitioner/" + party.id());
    }
    return new Keys(direct, () -> {
      Set<String> keys = new TreeSet<>();
      for (Party party : recipients) {
        if (party.kind() == PartyKind.ORGANISATION) {
          ids("Organization", "identifier", new TokenParam(FhirCodes.URA, party.id()))
              .forEach(id -> keys.add(ClientParties.RECIPIENT + "Organization/" + id.getIdPart()));
        } else {
          rolesOf(party.id()).forEach(role -> keys.add(ClientParties.RECIPIENT + role));
        }
      }
      return keys;
    });
  }

  /**
   * The keys under which CareTeams name these professionals as member (see {@link ClientParties#membersOf}): their
   * Practitioner, a PractitionerRole with their id (as the client record reads members), or one of their
   * PractitionerRoles.
   */
  private Keys memberKeys(Set<Party> members) {
    Set<String> direct = new TreeSet<>();
    for (Party party : members) {
      direct.add(ClientParties.CARE_TEAM + "Practitioner/" + party.id());
      direct.add(ClientParties.CARE_TEAM + "PractitionerRole/" + party.id());
    }
    return new Keys(direct, () -> {
      Set<String> keys = new TreeSet<>();
      members.forEach(party -> rolesOf(party.id()).forEach(role -> keys.add(ClientParties.CARE_TEAM + role)));
      return keys;
    });
  }

  /** {@code PractitionerRole/<id>} of each of this professional's roles. */
  private Set<String> rolesOf(String practitionerId) {
    Set<String> keys = new TreeSet<>();
    if (VALID_ID.matcher(practitionerId).matches()) {
      ids("PractitionerRole", "practitioner", new ReferenceParam("Practitioner/" + practitionerId))
          .forEach(id -> keys.add("PractitionerRole/" + id.getIdPart()));
    }
    return keys;
  }

  private List<IIdType> ids(String type, String parameter, ca.uhn.fhir.model.api.IQueryParameterType value) {
    SearchParameterMap map = SearchParameterMap.newSynchronous().add(parameter, value);
    map.setLoadSynchronousUpTo(100);
    @SuppressWarnings("unchecked")
    List<IIdType> found = (List<IIdType>) (List<?>) daos.getResourceDao(type).searchForResourceIds(map,
        new SystemRequestDetails());
    return found;
  }
}
