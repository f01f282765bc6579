package nl.sluis.disclosure.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A recorded ground for disclosure: a FHIR Consent with scope patient-privacy, either the client's consent
 * or a legal ground without consent (then {@code policyRule} names the {@link LegalGroundCode}, the performer
 * is the professional who decided, {@code deliberationReference} is the reference to the recorded weighing and
 * {@code weighing} what the engine needs of it, null when the reference does not lead to a weighing record).
 * Immutable; its provision tree is compiled once on construction, so build grounds once and reuse them.
 */
public final class Ground {

    private final String id;
    private final GroundKind kind;
    private final LegalGroundCode legalGroundCode;
    private final GroundStatus status;
    private final String clientId;
    private final List<Party> performers;
    private final Instant recorded;
    private final DateRange period;
    private final String deliberationReference;
    private final Weighing weighing;
    private final Provision provision;
    private final ProvisionNode root;
    private final boolean narrow;
    private final String unknownCategoryPermit;

    private Ground(Builder b) {
        this.id = Objects.requireNonNull(b.id, "id");
        this.kind = Objects.requireNonNull(b.kind, "kind");
        this.legalGroundCode = b.legalGroundCode;
        if (kind == GroundKind.LEGAL_GROUND) {
            Objects.requireNonNull(legalGroundCode, "a legal ground needs its code");
        }
        this.status = Objects.requireNonNull(b.status, "status");
        this.clientId = Objects.requireNonNull(b.clientId, "clientId");
        this.performers = List.copyOf(b.performers);
        this.recorded = b.recorded;
        this.period = b.period;
        this.deliberationReference = b.deliberationReference;
        this.weighing = b.weighing;
        // A Consent without provisions permits nothing.
        this.provision = b.provision != null ? b.provision : Provision.deny().build();
        this.root = new ProvisionNode(this, provision, "provision", null, 0, Set.of(), false, false);
        this.narrow = computeNarrow(root);
        this.unknownCategoryPermit = unknownCategoryPermit(root);
    }

    /** Why a permit of this ground can never apply: it names a data category Sluis does not know; or null. */
    private static String unknownCategoryPermit(ProvisionNode root) {
        List<ProvisionNode> all = new ArrayList<>();
        root.addSubtree(all);
        for (ProvisionNode node : all) {
            if (node.type == ProvisionType.PERMIT && node.unknownCategory != null) {
                return node.path + " names a data category Sluis does not know (" + node.unknownCategory
                        + "): it permits nothing";
            }
        }
        return null;
    }

    /** Narrow: every permit names its recipient and which data (specific resources, classes or labels). */
    private static boolean computeNarrow(ProvisionNode root) {
        List<ProvisionNode> all = new ArrayList<>();
        root.addSubtree(all);
        for (ProvisionNode node : all) {
            if (node.type == ProvisionType.PERMIT
                    && ((node.dimensions & ProvisionNode.ACTOR) == 0 || (node.dimensions & ProvisionNode.WHAT) == 0)) {
                return false;
            }
        }
        return true;
    }

    public static Builder clientConsent(String id) {
        return new Builder(id, GroundKind.CLIENT_CONSENT, null);
    }

    public static Builder legalGround(String id, LegalGroundCode code) {
        return new Builder(id, GroundKind.LEGAL_GROUND, code);
    }

    /** e.g. "Consent/123". */
    public String id() { return id; }
    public GroundKind kind() { return kind; }
    /** Null for client consents. */
    public LegalGroundCode legalGroundCode() { return legalGroundCode; }
    public GroundStatus status() { return status; }
    public String clientId() { return clientId; }
    /** Who consented (client, parent, representative) or, for a legal ground, the deciding professional. */
    public List<Party> performers() { return performers; }
    /** Consent.dateTime; a legal ground's weighing must not be dated after it. */
    public Instant recorded() { return recorded; }
    /**
     * When the ground as a whole is in force. FHIR R4 Consent has no period of its own: the adapter maps the
     * root provision's period here (a period left on the root provision is checked as well).
     */
    public DateRange period() { return period; }
    /** Reference to the recorded weighing (Consent extension sluis-ext-Deliberation; required for legal grounds). */
    public String deliberationReference() { return deliberationReference; }
    /** The weighing that reference leads to, or null when it leads to no weighing record of this client. */
    public Weighing weighing() { return weighing; }
    public Provision provision() { return provision; }

    ProvisionNode root() { return root; }

    boolean isNarrow() { return narrow; }

    /** Non-null when a permit names a data category Sluis does not know: says which and that it permits nothing. */
    String unknownCategoryPermit() { return unknownCategoryPermit; }

    @Override
    public String toString() {
        return "Ground[" + id + " " + kind + (legalGroundCode == null ? "" : " " + legalGroundCode) + " " + status + "]";
    }

    /** Fluent construction. */
    public static final class Builder {
        private final String id;
        private final GroundKind kind;
        private final LegalGroundCode legalGroundCode;
        private GroundStatus status;
        private String clientId;
        private final List<Party> performers = new ArrayList<>();
        private Instant recorded;
        private DateRange period;
        private String deliberationReference;
        private Weighing weighing;
        private Provision provision;

        private Builder(String id, GroundKind kind, LegalGroundCode legalGroundCode) {
            this.id = id;
            this.kind = kind;
            this.legalGroundCode = legalGroundCode;
        }

        public Builder status(GroundStatus value) { status = value; return this; }
        public Builder client(String patientId) { clientId = patientId; return this; }
        public Builder performer(Party value) { performers.add(value); return this; }
        public Builder recorded(Instant value) { recorded = value; return this; }
        public Builder period(DateRange value) { period = value; return this; }
        public Builder deliberation(String reference) { deliberationReference = reference; return this; }
        /** The weighing record the deliberation reference leads to; also sets that reference. */
        public Builder weighing(Weighing value) {
            weighing = value;
            if (value != null) {
                deliberationReference = value.reference();
            }
            return this;
        }
        public Builder provision(Provision value) { provision = value; return this; }
        public Builder provision(Provision.Builder value) { provision = value.build(); return this; }

        public Ground build() {
            return new Ground(this);
        }
    }
}
