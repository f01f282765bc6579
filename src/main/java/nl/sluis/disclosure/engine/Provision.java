package nl.sluis.disclosure.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Consent.provision: a rule that applies when every constraint it states matches (an absent constraint
 * matches anything). Nested provisions apply only within their parent and are its exceptions.
 *
 * @param type       permit or deny; null means the opposite of the parent's type (deny for the root)
 * @param period     when the provision is in force
 * @param actors     recipients; the requester must be one of them
 * @param actions    consentaction codes (disclose, access, ...)
 * @param purposes   v3-ActReason codes
 * @param labels     the resource must carry at least one of these labels
 * @param classes    resource types
 * @param categories data categories (Consent.provision.code): a {@link DataCategory} code, or for a code of another
 *                   system {@code system|code}, which the engine does not know and treats fail closed (a permit
 *                   naming one applies to nothing, a deny naming one applies whatever the data)
 * @param dataPeriod the resource's data date must lie within it
 * @param data       specific resource instances
 */
public record Provision(ProvisionType type, DateRange period, List<Actor> actors, Set<String> actions,
                        Set<String> purposes, Set<SecurityLabel> labels, Set<String> classes,
                        Set<String> categories, DateRange dataPeriod, Set<ResourceRef> data, List<Provision> provisions) {

    public Provision {
        actors = actors == null ? List.of() : List.copyOf(actors);
        actions = actions == null ? Set.of() : Set.copyOf(actions);
        purposes = purposes == null ? Set.of() : Set.copyOf(purposes);
        labels = labels == null ? Set.of() : Set.copyOf(labels);
        classes = classes == null ? Set.of() : Set.copyOf(classes);
        categories = categories == null ? Set.of() : Set.copyOf(categories);
        data = data == null ? Set.of() : Set.copyOf(data);
        provisions = provisions == null ? List.of() : List.copyOf(provisions);
    }

    public static Builder permit() {
        return new Builder(ProvisionType.PERMIT);
    }

    public static Builder deny() {
        return new Builder(ProvisionType.DENY);
    }

    /** A provision whose type follows from its parent (FHIR's usual opposite-of-parent nesting). */
    public static Builder untyped() {
        return new Builder(null);
    }

    /** Fluent construction for adapters and tests. */
    public static final class Builder {
        private final ProvisionType type;
        private DateRange period;
        private DateRange dataPeriod;
        private final List<Actor> actors = new ArrayList<>();
        private final List<String> actions = new ArrayList<>();
        private final List<String> purposes = new ArrayList<>();
        private final List<SecurityLabel> labels = new ArrayList<>();
        private final List<String> classes = new ArrayList<>();
        private final List<String> categories = new ArrayList<>();
        private final List<ResourceRef> data = new ArrayList<>();
        private final List<Provision> provisions = new ArrayList<>();

        private Builder(ProvisionType type) {
            this.type = type;
        }

        public Builder period(DateRange value) { period = value; return this; }
        public Builder dataPeriod(DateRange value) { dataPeriod = value; return this; }
        public Builder actor(Actor value) { actors.add(value); return this; }
        public Builder recipient(Party value) { actors.add(Actor.recipient(value)); return this; }
        public Builder actions(String... values) { actions.addAll(Arrays.asList(values)); return this; }
        public Builder purposes(String... values) { purposes.addAll(Arrays.asList(values)); return this; }
        public Builder labels(SecurityLabel... values) { labels.addAll(Arrays.asList(values)); return this; }
        public Builder classes(String... values) { classes.addAll(Arrays.asList(values)); return this; }
        public Builder categories(String... codes) { categories.addAll(Arrays.asList(codes)); return this; }
        public Builder categories(DataCategory... values) {
            for (DataCategory value : values) {
                categories.add(value.code());
            }
            return this;
        }
        public Builder data(ResourceRef... values) { data.addAll(Arrays.asList(values)); return this; }
        public Builder data(String... references) {
            for (String reference : references) {
                data.add(ResourceRef.parse(reference));
            }
            return this;
        }
        public Builder nested(Provision value) { provisions.add(value); return this; }
        public Builder nested(Builder value) { provisions.add(value.build()); return this; }

        public Provision build() {
            return new Provision(type, period, actors, Set.copyOf(actions), Set.copyOf(purposes),
                    Set.copyOf(labels), Set.copyOf(classes), Set.copyOf(categories), dataPeriod, Set.copyOf(data), provisions);
        }
    }
}
