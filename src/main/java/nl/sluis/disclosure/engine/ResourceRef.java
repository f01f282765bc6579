package nl.sluis.disclosure.engine;

import java.util.Objects;

/** A literal reference to one resource instance, e.g. Observation/42 (Consent.provision.data, meaning instance). */
public record ResourceRef(String resourceType, String id) {

    public ResourceRef {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(id, "id");
    }

    public static ResourceRef parse(String reference) {
        int slash = reference.indexOf('/');
        if (slash <= 0 || slash == reference.length() - 1) {
            throw new IllegalArgumentException("expected Type/id: " + reference);
        }
        return new ResourceRef(reference.substring(0, slash), reference.substring(slash + 1));
    }

    boolean refersTo(ResourceFacts resource) {
        return id.equals(resource.id()) && resourceType.equals(resource.resourceType());
    }

    @Override
    public String toString() {
        return resourceType + "/" + id;
    }
}
