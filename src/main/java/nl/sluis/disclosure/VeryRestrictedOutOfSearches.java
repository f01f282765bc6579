package nl.sluis.disclosure;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.TokenParamModifier;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.sluis.disclosure.engine.Party;
import nl.sluis.disclosure.engine.SecurityLabel;

/**
 * Very restricted records (label {@code V}: concerns, assessments) are left out, before HAPI runs any SQL, of a
 * restricted requester's search whose every match is about clients none of whose V records may be disclosed to it
 * ({@link nl.sluis.disclosure.engine.DisclosureEngine#mayDiscloseVeryRestricted}: for the organisation's own users a
 * very-restricted role or the care team, need-to-know roles included; for an external requester a ground that names
 * the label, particular records or data categories). The search gets {@code _security:not=<v3-Confidentiality>|V}:
 * for a search naming its clients when none of them may disclose V records to the requester, and for an own user's
 * search naming no client when no care team names that user and their role is not a very-restricted one
 * ({@link nl.sluis.disclosure.engine.DisclosureEngine#careTeamMembersRequiredForVeryRestricted}); a need-to-know
 * role's search naming no client that asks only for V records ({@code _security=<v3-Confidentiality>|V}) is limited
 * to the clients whose care team names them, as {@link RequesterClientsOnly} limits other own users. Without it HAPI
 * loaded and denied each such row, and the time that took told whether, and how many, concerns a client has. The
 * engine reads "very restricted" from {@code meta.security} only, so exactly rows that would be denied are left out.
 * Not audited as a denial: it is added to every such search, whether or not V records exist.
 */
final class VeryRestrictedOutOfSearches {

  private static final Set<String> NOT_NARROWED = Set.of("AuditEvent");
  private final RequesterClientsOnly careTeams;

  VeryRestrictedOutOfSearches(RequesterClientsOnly careTeams) {
    this.careTeams = careTeams;
  }

  /**
   * @param clients the stored clients every match of the search is about; null when the search names no client
   */
  void narrow(DisclosureRequest state, String type, SearchParameterMap criteria, Set<String> clients) {
    if (NOT_NARROWED.contains(type)) {
      return;
    }
    boolean mayShowSome;
    if (clients != null) {
      mayShowSome = clients.stream().map(state::client).anyMatch(client ->
          state.engine().mayDiscloseVeryRestricted(state.requester(), client.facts(), client.grounds()));
    } else {
      Optional<Set<Party>> members = state.engine().careTeamMembersRequiredForVeryRestricted(state.requester());
      if (members.isEmpty()) {
        return; // not an own user, or one with a very-restricted role
      }
      if (state.engine().careTeamMembersRequired(state.requester()).isPresent()) {
        return; // an own user without need-to-know is already limited to the care team's clients
      }
      // every match labelled V: only the care teams' clients' can be shown to this need-to-know role (none: no match)
      if (asksOnlyVeryRestricted(criteria) && careTeams.narrowToCareTeams(type, criteria, members.get())) {
        return;
      }
      mayShowSome = careTeams.anyCareTeamNames(members.get());
    }
    if (!mayShowSome && !alreadyLeftOut(criteria)) {
      criteria.add("_security", new TokenParam(SecurityLabel.CONFIDENTIALITY_SYSTEM,
          SecurityLabel.VERY_RESTRICTED.code()).setModifier(TokenParamModifier.NOT));
    }
  }

  /** Whether the search itself asks only for records labelled V ({@code _security=<v3-Confidentiality>|V}). */
  private static boolean asksOnlyVeryRestricted(SearchParameterMap criteria) {
    List<List<IQueryParameterType>> clauses = criteria.get("_security");
    return clauses != null && clauses.stream().anyMatch(either -> !either.isEmpty() && either.stream().allMatch(value ->
        value instanceof TokenParam token && token.getModifier() == null
            && SecurityLabel.CONFIDENTIALITY_SYSTEM.equals(token.getSystem())
            && SecurityLabel.VERY_RESTRICTED.code().equals(token.getValue())));
  }

  /** The requester's own {@code _security:not=…|V}: HAPI refuses the same clause twice. */
  private static boolean alreadyLeftOut(SearchParameterMap criteria) {
    List<List<IQueryParameterType>> clauses = criteria.get("_security");
    return clauses != null && clauses.stream().anyMatch(either -> either.size() == 1
        && either.get(0) instanceof TokenParam token && token.getModifier() == TokenParamModifier.NOT
        && SecurityLabel.CONFIDENTIALITY_SYSTEM.equals(token.getSystem())
        && SecurityLabel.VERY_RESTRICTED.code().equals(token.getValue()));
  }
}
