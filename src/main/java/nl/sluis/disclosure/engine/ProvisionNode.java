package nl.sluis.disclosure.engine;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A provision compiled once when its {@link Ground} is built: resolved type, path for the basis, effective
 * constraint dimensions (its own and its ancestors'), specificity, and its decisions, so that a decision
 * allocates nothing.
 *
 * <p>Specificity orders provisions by what their effective constraints name, data before recipient:
 * {@code 1000 x names specific resources + 100 x (names classes + names labels + has a data period
 * + names data categories) + 10 x names recipients + (names purposes + names actions)}. Each tier's maximum stays below one unit of
 * the tier above, so the comparison is lexicographic. The provision's own period (when it is in force) does
 * not add specificity.
 */
final class ProvisionNode {

    static final int DATA = 1;
    static final int CLASS = 1 << 1;
    static final int LABELS = 1 << 2;
    static final int DATA_PERIOD = 1 << 3;
    static final int ACTOR = 1 << 4;
    static final int PURPOSE = 1 << 5;
    static final int ACTION = 1 << 6;
    static final int CATEGORY = 1 << 7;
    /** What says which data a provision is about (the "what" of a targeted consent). */
    static final int WHAT = DATA | CLASS | LABELS | CATEGORY;

    final Ground ground;
    final Provision provision;
    final String path;
    final ProvisionType type;
    final int dimensions;
    final int specificity;
    final Set<SecurityLabel> effectiveLabels;
    final boolean namesVeryRestricted;
    /** A permit on the path names data categories: data very restricted by nature is then named explicitly. */
    private final boolean permitNamesCategories;
    /** The first code of {@code provision.categories} Sluis does not know, or null. */
    final String unknownCategory;
    private final DataCategory[] categories;
    final ProvisionNode[] children;
    private final Actor[] actors;
    private final SecurityLabel[] labels;
    private final ResourceRef[] data;
    final DisclosureDecision permit;
    final DisclosureDecision permitRedacted;
    final DisclosureDecision deny;

    ProvisionNode(Ground ground, Provision provision, String path, ProvisionType inheritedType,
                  int inheritedDimensions, Set<SecurityLabel> inheritedLabels, boolean inheritedData,
                  boolean inheritedCategories) {
        this.ground = ground;
        this.provision = provision;
        this.path = path;
        this.type = provision.type() != null ? provision.type()
                : inheritedType == null ? ProvisionType.DENY : inheritedType.opposite();
        this.dimensions = inheritedDimensions | ownDimensions(provision);
        this.specificity = specificity(dimensions);
        Set<SecurityLabel> labelsSoFar = new HashSet<>(inheritedLabels);
        labelsSoFar.addAll(provision.labels());
        this.effectiveLabels = Set.copyOf(labelsSoFar);
        boolean namesData = inheritedData || !provision.data().isEmpty();
        this.namesVeryRestricted = namesData || effectiveLabels.contains(SecurityLabel.VERY_RESTRICTED);
        this.actors = provision.actors().toArray(new Actor[0]);
        this.labels = provision.labels().toArray(new SecurityLabel[0]);
        this.data = provision.data().toArray(new ResourceRef[0]);
        List<DataCategory> known = new ArrayList<>();
        String unknown = null;
        for (String code : provision.categories()) {
            DataCategory category = DataCategory.byCode(code);
            if (category == null) {
                unknown = unknown == null ? code : unknown;
            } else {
                known.add(category);
            }
        }
        this.categories = known.toArray(new DataCategory[0]);
        this.unknownCategory = unknown;
        this.permitNamesCategories = inheritedCategories
                || (type == ProvisionType.PERMIT && unknown == null && categories.length > 0);
        List<Provision> nested = provision.provisions();
        this.children = new ProvisionNode[nested.size()];
        for (int i = 0; i < children.length; i++) {
            children[i] = new ProvisionNode(ground, nested.get(i), path + ".provision[" + i + "]", type,
                    dimensions, effectiveLabels, namesData, permitNamesCategories);
        }
        Basis basis = Basis.ground(ground.id(), path);
        Set<Obligation> base = ground.kind() == GroundKind.LEGAL_GROUND
                ? Set.of(Obligation.MINIMUM_NECESSARY) : Set.of();
        Set<Obligation> redacted = new HashSet<>(base);
        redacted.add(Obligation.REDACT_LABELLED_ELEMENTS);
        String what = ground.kind() == GroundKind.LEGAL_GROUND
                ? "Legal ground " + ground.legalGroundCode() + " permits this; disclose the minimum necessary"
                : "Client consent permits this";
        this.permit = DisclosureDecision.permit(base, what + ".", List.of(basis));
        this.permitRedacted = DisclosureDecision.permit(redacted,
                what + "; elements with labels it does not name are redacted.", List.of(basis));
        this.deny = unknownCategory == null
                ? DisclosureDecision.deny("A deny provision of " + ground.id() + " applies.", basis)
                : DisclosureDecision.deny("A deny provision of " + ground.id() + " names a data category Sluis does not"
                        + " know (" + unknownCategory + "); it applies to all data (fail closed).", List.of(basis,
                        Basis.engine(Rules.UNKNOWN_DATA_CATEGORY)));
    }

    private static int ownDimensions(Provision p) {
        int d = 0;
        if (!p.data().isEmpty()) d |= DATA;
        if (!p.classes().isEmpty()) d |= CLASS;
        if (!p.labels().isEmpty()) d |= LABELS;
        if (p.dataPeriod() != null) d |= DATA_PERIOD;
        if (!p.actors().isEmpty()) d |= ACTOR;
        if (!p.purposes().isEmpty()) d |= PURPOSE;
        if (!p.actions().isEmpty()) d |= ACTION;
        if (!p.categories().isEmpty()) d |= CATEGORY;
        return d;
    }

    static int specificity(int d) {
        return ((d & DATA) != 0 ? 1000 : 0)
                + 100 * Integer.bitCount(d & (CLASS | LABELS | DATA_PERIOD | CATEGORY))
                + ((d & ACTOR) != 0 ? 10 : 0)
                + Integer.bitCount(d & (PURPOSE | ACTION));
    }

    /**
     * The effective provision of this subtree for the request, or null when it does not apply: the deepest
     * applying provisions win over their ancestors (they are the exceptions), siblings are combined by
     * {@link #stronger}. A permit counts only if it is targeted ({@code requiredDimensions}) and, for very
     * restricted data, names that data explicitly (label V or the resource itself).
     */
    ProvisionNode effective(Requester requester, String action, ResourceFacts resource, LocalDate date,
                            int requiredDimensions) {
        if (!matchesOwn(requester, action, resource, date)) {
            return null;
        }
        ProvisionNode best = null;
        for (ProvisionNode child : children) {
            best = stronger(best, child.effective(requester, action, resource, date, requiredDimensions));
        }
        if (best != null) {
            return best;
        }
        return type == ProvisionType.DENY || usablePermit(resource, requiredDimensions) ? this : null;
    }

    /**
     * Whether a permit in this subtree could become effective for this requester, action and day for <em>some</em>
     * resource (of {@code resourceType}, when not null): the constraints that depend on the requester, the day and
     * the type (period, action, purpose, actor, class, the types of named data) are checked on the path from this
     * node; the others (which data, labels, categories, data period) are assumed to match. An over-approximation of {@link #effective}: when this says no, no resource
     * makes a permit of this subtree effective (a permit below a provision that does not apply is never reached,
     * and one that is not targeted is never usable). Keep in step with {@link #matchesOwn} and {@link #usablePermit}.
     */
    boolean mayPermitFor(Requester requester, String action, String resourceType, LocalDate date,
                         int requiredDimensions) {
        Provision p = provision;
        if (p.period() != null && !p.period().contains(date)) {
            return false;
        }
        if (resourceType != null && !p.classes().isEmpty() && !p.classes().contains(resourceType)) {
            return false;
        }
        if (resourceType != null && data.length > 0 && !namesType(resourceType)) {
            return false;
        }
        if (!p.actions().isEmpty() && !p.actions().contains(action)) {
            return false;
        }
        if (!p.purposes().isEmpty() && !purposeMatches(requester, p)) {
            return false;
        }
        if (actors.length > 0 && !anyActorMatches(requester)) {
            return false;
        }
        if (type == ProvisionType.PERMIT && (dimensions & requiredDimensions) == requiredDimensions) {
            return true;
        }
        for (ProvisionNode child : children) {
            if (child.mayPermitFor(requester, action, resourceType, date, requiredDimensions)) {
                return true;
            }
        }
        return false;
    }

    /** Like {@link #effective} but collects every effective provision; for explanations only. */
    boolean collectEffective(Requester requester, String action, ResourceFacts resource, LocalDate date,
                             int requiredDimensions, List<ProvisionNode> out) {
        if (!matchesOwn(requester, action, resource, date)) {
            return false;
        }
        boolean any = false;
        for (ProvisionNode child : children) {
            any |= child.collectEffective(requester, action, resource, date, requiredDimensions, out);
        }
        if (!any && (type == ProvisionType.DENY || usablePermit(resource, requiredDimensions))) {
            out.add(this);
            return true;
        }
        return any;
    }

    private boolean usablePermit(ResourceFacts resource, int requiredDimensions) {
        return (dimensions & requiredDimensions) == requiredDimensions
                && (namesVeryRestricted || !resource.isVeryRestricted()
                    || (permitNamesCategories && veryRestrictedByNature(resource)));
    }

    private static boolean veryRestrictedByNature(ResourceFacts resource) {
        for (DataCategory held : resource.categories()) {
            if (!held.veryRestrictedByNature()) return false;
        }
        return !resource.categories().isEmpty();
    }

    /** Higher specificity wins; equally specific permit and deny: deny wins. */
    static ProvisionNode stronger(ProvisionNode a, ProvisionNode b) {
        if (a == null) return b;
        if (b == null) return a;
        if (a.specificity != b.specificity) {
            return a.specificity > b.specificity ? a : b;
        }
        return b.type == ProvisionType.DENY && a.type != ProvisionType.DENY ? b : a;
    }

    private boolean matchesOwn(Requester requester, String action, ResourceFacts resource, LocalDate date) {
        Provision p = provision;
        if (p.period() != null && !p.period().contains(date)) {
            return false;
        }
        if (!p.actions().isEmpty() && !p.actions().contains(action)) {
            return false;
        }
        if (!p.purposes().isEmpty() && !purposeMatches(requester, p)) {
            return false;
        }
        if (!p.classes().isEmpty() && !p.classes().contains(resource.resourceType())) {
            return false;
        }
        if (!p.categories().isEmpty() && !categoriesMatch(resource)) {
            return false;
        }
        if (data.length > 0 && !namesResource(resource)) {
            return false;
        }
        if (labels.length > 0 && !carriesAnyLabel(resource)) {
            return false;
        }
        if (p.dataPeriod() != null) {
            // An unknown data date may never widen disclosure: a deny still applies, a permit does not.
            if (resource.dataDate() == null ? type == ProvisionType.PERMIT : !p.dataPeriod().contains(resource.dataDate())) {
                return false;
            }
        }
        return actors.length == 0 || anyActorMatches(requester);
    }

    /**
     * A patient-facing request carries no purpose of use (portal tokens have none): a provision naming the person
     * (patient-facing grounds are always targeted) applies whatever purpose it states. A token that states a
     * purpose must match it.
     */
    private static boolean purposeMatches(Requester requester, Provision p) {
        if (requester.purposeOfUse() == null) {
            return requester.patientFacing() != null;
        }
        return p.purposes().contains(requester.purposeOfUse());
    }

    /**
     * A permit covers a resource only when every category it holds lies within a named one (it discloses exactly
     * the named data, never a record that also holds other data). A deny applies when any category it holds lies
     * within a named one. (A record lists every part it holds: the assessment response holds the deliberation
     * record and the conclusion as well.) Fail closed: a category Sluis does not know makes a permit match nothing and a deny
     * match anything; so does a resource whose categories the adapter cannot tell.
     */
    private boolean categoriesMatch(ResourceFacts resource) {
        boolean permit = type == ProvisionType.PERMIT;
        if (unknownCategory != null) {
            return !permit;
        }
        Set<DataCategory> held = resource.categories();
        if (held.isEmpty()) {
            return !permit;
        }
        for (DataCategory category : held) {
            boolean named = false;
            for (DataCategory n : categories) {
                if (category.isWithin(n)) {
                    named = true;
                    break;
                }
            }
            if (permit && !named) return false;
            if (!permit && named) return true;
        }
        return permit;
    }

    private boolean namesType(String resourceType) {
        for (ResourceRef ref : data) {
            if (ref.resourceType().equals(resourceType)) return true;
        }
        return false;
    }

    private boolean namesResource(ResourceFacts resource) {
        for (ResourceRef ref : data) {
            if (ref.refersTo(resource)) return true;
        }
        return false;
    }

    private boolean carriesAnyLabel(ResourceFacts resource) {
        Set<SecurityLabel> carried = resource.labels();
        for (SecurityLabel label : labels) {
            if (carried.contains(label)) return true;
        }
        return false;
    }

    private boolean anyActorMatches(Requester requester) {
        for (Actor actor : actors) {
            if (actor.matches(requester)) return true;
        }
        return false;
    }

    /** Adds every node of this subtree to {@code out}, pre-order. */
    void addSubtree(List<ProvisionNode> out) {
        out.add(this);
        for (ProvisionNode child : children) {
            child.addSubtree(out);
        }
    }

    static List<ProvisionNode> newList() {
        return new ArrayList<>(4);
    }
}
