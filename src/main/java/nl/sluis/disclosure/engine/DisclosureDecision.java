package nl.sluis.disclosure.engine;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The engine's answer: an outcome, the obligations that come with it, and always a non-empty basis plus a
 * short English reason. Instances are immutable and often shared (precomputed), so compare by value.
 */
public record DisclosureDecision(Outcome outcome, Set<Obligation> obligations, List<Basis> basis, String reason) {

    public DisclosureDecision {
        Objects.requireNonNull(outcome, "outcome");
        obligations = obligations == null || obligations.isEmpty()
                ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(obligations));
        basis = List.copyOf(basis);
        if (basis.isEmpty()) {
            throw new IllegalArgumentException("a decision needs a basis");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a decision needs a reason");
        }
        boolean consistent = switch (outcome) {
            case PERMIT, DENY -> obligations.isEmpty();
            case PERMIT_WITH_OBLIGATIONS -> !obligations.isEmpty() && !obligations.contains(Obligation.DEIDENTIFY);
            case DEIDENTIFY -> obligations.contains(Obligation.DEIDENTIFY);
        };
        if (!consistent) {
            throw new IllegalArgumentException(outcome + " with obligations " + obligations);
        }
    }

    public static DisclosureDecision permit(String reason, Basis... basis) {
        return new DisclosureDecision(Outcome.PERMIT, Set.of(), List.of(basis), reason);
    }

    /** PERMIT when there are no obligations, else PERMIT_WITH_OBLIGATIONS. */
    public static DisclosureDecision permit(Set<Obligation> obligations, String reason, List<Basis> basis) {
        Outcome outcome = obligations.isEmpty() ? Outcome.PERMIT : Outcome.PERMIT_WITH_OBLIGATIONS;
        return new DisclosureDecision(outcome, obligations, basis, reason);
    }

    public static DisclosureDecision deny(String reason, Basis... basis) {
        return new DisclosureDecision(Outcome.DENY, Set.of(), List.of(basis), reason);
    }

    public static DisclosureDecision deny(String reason, List<Basis> basis) {
        return new DisclosureDecision(Outcome.DENY, Set.of(), basis, reason);
    }

    public static DisclosureDecision deidentify(String reason, Basis... basis) {
        return new DisclosureDecision(Outcome.DEIDENTIFY, Set.of(Obligation.DEIDENTIFY), List.of(basis), reason);
    }

    /** True unless the resource must be treated as non-existent. */
    public boolean isDisclosed() {
        return outcome != Outcome.DENY;
    }
}
