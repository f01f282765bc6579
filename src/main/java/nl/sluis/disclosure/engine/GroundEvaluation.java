package nl.sluis.disclosure.engine;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Checks which grounds are valid for this request and combines their provisions: the most specific
 * effective provision over all valid grounds decides; equally specific permit and deny: deny wins.
 */
final class GroundEvaluation {

    static final String NOT_THIS_CLIENT = "ground is about another client";
    static final String OUT_OF_PERIOD = "outside the ground's period";
    static final String NO_DELIBERATION = "legal ground without a reference to the recorded weighing";
    static final String NO_WEIGHING = "legal ground whose reference does not lead to a weighing record of this client";
    static final String WEIGHING_WRONG_TYPE = "legal ground whose weighing is for another kind of ground";
    static final String WEIGHING_NOT_COMPLETED = "legal ground whose weighing is not completed";
    static final String CONDITION_NOT_MET = "legal ground whose weighing answers a condition no";
    static final String WEIGHING_ROLE_NOT_ALLOWED = "legal ground whose weighing is not recorded in a role the policy allows";
    static final String WEIGHING_AFTER_GROUND = "legal ground recorded before its weighing";
    static final String ROLE_NOT_ALLOWED = "legal ground not recorded by a practitioner in a role the policy allows";
    static final String NOT_BOUNDED = "legal ground without a bounded period";
    static final String TOO_LONG = "legal ground period longer than the policy allows";
    static final String NOT_NARROW = "legal ground with a permit that does not name both recipient and data";
    static final String NO_PROVISION_APPLIES = "no provision applies to this requester and resource";

    private static final Map<GroundStatus, String> STATUS_REJECTIONS = new EnumMap<>(GroundStatus.class);

    static {
        for (GroundStatus status : GroundStatus.values()) {
            STATUS_REJECTIONS.put(status, "status is " + status.name().toLowerCase().replace('_', '-'));
        }
    }

    private final OrganisationPolicy policy;

    GroundEvaluation(OrganisationPolicy policy) {
        this.policy = policy;
    }

    /** The provision that decides, or null when no valid ground has an applicable provision. */
    ProvisionNode decisive(List<Ground> grounds, Requester requester, String action, ResourceFacts resource,
                           ClientFacts client, int age, LocalDate date, int requiredDimensions) {
        ProvisionNode best = null;
        for (int i = 0; i < grounds.size(); i++) {
            Ground ground = grounds.get(i);
            if (rejection(ground, client, age, date) == null) {
                best = ProvisionNode.stronger(best,
                        ground.root().effective(requester, action, resource, date, requiredDimensions));
            }
        }
        return best;
    }

    /**
     * Whether some valid ground has a permit that could apply to this requester today for some resource of the
     * client (see {@link ProvisionNode#mayPermitFor}); when not, {@link #decisive} never returns a permit.
     */
    boolean mayPermit(List<Ground> grounds, Requester requester, String action, String resourceType,
                      ClientFacts client, int age, LocalDate date, int requiredDimensions) {
        for (int i = 0; i < grounds.size(); i++) {
            Ground ground = grounds.get(i);
            if (rejection(ground, client, age, date) == null
                    && ground.root().mayPermitFor(requester, action, resourceType, date, requiredDimensions)) {
                return true;
            }
        }
        return false;
    }

    /** Null when the ground may be used for this client today, else why not. */
    String rejection(Ground ground, ClientFacts client, int age, LocalDate date) {
        if (ground.status() != GroundStatus.ACTIVE) {
            return STATUS_REJECTIONS.get(ground.status());
        }
        if (!ground.clientId().equals(client.clientId())) {
            return NOT_THIS_CLIENT;
        }
        if (ground.period() != null && !ground.period().contains(date)) {
            return OUT_OF_PERIOD;
        }
        return ground.kind() == GroundKind.CLIENT_CONSENT
                ? ConsentCapacity.rejection(ground, client, age, policy.adolescentConsentMode(), date)
                : legalGroundRejection(ground);
    }

    private String legalGroundRejection(Ground ground) {
        String deliberation = ground.deliberationReference();
        if (deliberation == null || deliberation.isBlank()) {
            return NO_DELIBERATION;
        }
        String weighing = weighingRejection(ground);
        if (weighing != null) {
            return weighing;
        }
        if (!recordedByAllowedRole(ground)) {
            return ROLE_NOT_ALLOWED;
        }
        DateRange period = ground.period();
        if (period == null || !period.isBounded()) {
            return NOT_BOUNDED;
        }
        if (period.lengthInDays() > policy.maxLegalGroundDays()) {
            return TOO_LONG;
        }
        return ground.isNarrow() ? null : NOT_NARROW;
    }

    /**
     * The weighing must be of the kind the ground needs, completed, answer every condition yes, be recorded by a
     * role allowed to record legal grounds and not after the ground: the server checks this on write, and the
     * engine again on every use, because the weighing or the policy may change later.
     */
    private String weighingRejection(Ground ground) {
        Weighing weighing = ground.weighing();
        if (weighing == null) {
            return NO_WEIGHING;
        }
        if (weighing.type() != ground.legalGroundCode().weighingType()) {
            return WEIGHING_WRONG_TYPE;
        }
        if (!weighing.completed()) {
            return WEIGHING_NOT_COMPLETED;
        }
        if (!weighing.allConditionsMet()) {
            return CONDITION_NOT_MET;
        }
        if (weighing.authorRole() == null || !policy.legalGroundRoles().contains(weighing.authorRole())) {
            return WEIGHING_ROLE_NOT_ALLOWED;
        }
        if (weighing.authored() != null && ground.recorded() != null && weighing.authored().isAfter(ground.recorded())) {
            return WEIGHING_AFTER_GROUND;
        }
        return null;
    }

    private boolean recordedByAllowedRole(Ground ground) {
        List<Party> performers = ground.performers();
        for (int i = 0; i < performers.size(); i++) {
            Party p = performers.get(i);
            if (p.kind() == PartyKind.PRACTITIONER && p.roleCode() != null
                    && policy.legalGroundRoles().contains(p.roleCode())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The decision when a deny provision decided: names it, and any equally specific permits it outweighed.
     * Only runs on the deny path, so it may allocate.
     */
    DisclosureDecision denied(ProvisionNode decisive, List<Ground> grounds, Requester requester, String action,
                              ResourceFacts resource, ClientFacts client, int age, LocalDate date,
                              int requiredDimensions) {
        List<Basis> outweighed = new ArrayList<>();
        for (ProvisionNode node : effectiveNodes(grounds, requester, action, resource, client, age, date,
                requiredDimensions)) {
            if (node.type == ProvisionType.PERMIT && node.specificity == decisive.specificity) {
                outweighed.add(Basis.groundNotUsed(node.ground.id(),
                        node.path + ": equally specific permit, deny wins"));
            }
        }
        if (outweighed.isEmpty()) {
            return decisive.deny;
        }
        List<Basis> basis = new ArrayList<>();
        basis.add(Basis.ground(decisive.ground.id(), decisive.path));
        basis.add(Basis.policy(Rules.DENY_WINS));
        basis.addAll(outweighed);
        return DisclosureDecision.deny("A deny provision of " + decisive.ground.id()
                + " outweighs an equally specific permit.", basis);
    }

    /** Why each ground did not permit: for the basis of a default denial. */
    List<Basis> notUsed(List<Ground> grounds, Requester requester, String action, ResourceFacts resource,
                        ClientFacts client, int age, LocalDate date, int requiredDimensions) {
        List<Basis> basis = new ArrayList<>();
        boolean unknownCategory = false;
        for (Ground ground : grounds) {
            String why = rejection(ground, client, age, date);
            if (why == null) {
                List<ProvisionNode> effective = ProvisionNode.newList();
                ground.root().collectEffective(requester, action, resource, date, requiredDimensions, effective);
                if (effective.isEmpty()) {
                    unknownCategory |= ground.unknownCategoryPermit() != null;
                    why = ground.unknownCategoryPermit() != null ? ground.unknownCategoryPermit() : NO_PROVISION_APPLIES;
                }
            }
            if (why != null) {
                basis.add(Basis.groundNotUsed(ground.id(), why));
            }
        }
        if (unknownCategory) {
            basis.add(Basis.engine(Rules.UNKNOWN_DATA_CATEGORY));
        }
        return basis;
    }

    private List<ProvisionNode> effectiveNodes(List<Ground> grounds, Requester requester, String action,
                                               ResourceFacts resource, ClientFacts client, int age, LocalDate date,
                                               int requiredDimensions) {
        List<ProvisionNode> out = new ArrayList<>();
        for (Ground ground : grounds) {
            if (rejection(ground, client, age, date) == null) {
                ground.root().collectEffective(requester, action, resource, date, requiredDimensions, out);
            }
        }
        return out;
    }
}
