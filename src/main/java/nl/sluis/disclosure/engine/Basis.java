package nl.sluis.disclosure.engine;

import java.util.Objects;

/**
 * One thing a decision rests on. Never contains resource content.
 *
 * @param kind   what sort of source it is
 * @param ref    "Consent/123" for grounds, "policy:..." for organisation policy rules, e.g.
 *               "WGBO-7:457-need-to-know" for law, "engine:..." for input problems
 * @param detail provision path for a ground ("provision.provision[1]"), the reason a ground was not used,
 *               or null
 */
public record Basis(Kind kind, String ref, String detail) {

    public enum Kind {
        /** A provision of a ground decided. */
        GROUND,
        /** A ground was considered and not used; detail says why (for explanations). */
        GROUND_NOT_USED,
        /** A rule of the organisation policy. */
        POLICY,
        /** A rule of law applied directly. */
        LAW,
        /** The inputs did not allow a decision; fail closed. */
        ENGINE
    }

    public Basis {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ref, "ref");
    }

    public static Basis ground(String groundId, String provisionPath) {
        return new Basis(Kind.GROUND, groundId, provisionPath);
    }

    public static Basis groundNotUsed(String groundId, String why) {
        return new Basis(Kind.GROUND_NOT_USED, groundId, why);
    }

    public static Basis policy(String ruleId) {
        return new Basis(Kind.POLICY, ruleId, null);
    }

    public static Basis law(String ruleId) {
        return new Basis(Kind.LAW, ruleId, null);
    }

    public static Basis engine(String ruleId) {
        return new Basis(Kind.ENGINE, ruleId, null);
    }

    @Override
    public String toString() {
        return detail == null ? ref : ref + " " + detail;
    }
}
