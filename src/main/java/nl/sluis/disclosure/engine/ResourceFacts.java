package nl.sluis.disclosure.engine;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;

/**
 * What the engine needs to know about the resource asked for — metadata only, never the content.
 *
 * @param resourceType  FHIR type, matched against Consent.provision.class
 * @param id            logical id, matched against Consent.provision.data
 * @param clientId      Patient id the resource is about, or null when it is not client data
 * @param labels        meta.security labels (e.g. v3-Confidentiality|V for concerns and assessments,
 *                      {@link SecurityLabel#THIRD_PARTY_INFORMATION}, {@link SecurityLabel#RELEASED_TO_PARENTS})
 * @param elementLabels labels carried inline by elements inside the resource (such elements may be redacted)
 * @param dataDate      the clinically relevant date, matched against Consent.provision.dataPeriod; may be null
 * @param clientNotEstablished the resource is client data (it names a client, or is of a type that is about one)
 *                      but which client could not be established: a reference to an unknown BSN, a contained
 *                      or foreign Patient, no client at all. Always denied: a record nobody can attribute
 *                      must not be served as if it were nobody's.
 * @param categories    the data categories the resource holds, matched against Consent.provision.code; empty when
 *                      the adapter cannot tell (then no permit by category covers it and every deny by category
 *                      applies to it)
 */
public record ResourceFacts(String resourceType, String id, String clientId, Set<SecurityLabel> labels,
                            Set<SecurityLabel> elementLabels, LocalDate dataDate, boolean clientNotEstablished,
                            Set<DataCategory> categories) {

    public ResourceFacts(String resourceType, String id, String clientId, Set<SecurityLabel> labels,
                         Set<SecurityLabel> elementLabels, LocalDate dataDate) {
        this(resourceType, id, clientId, labels, elementLabels, dataDate, false, Set.of());
    }

    public ResourceFacts {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(id, "id");
        labels = labels == null ? Set.of() : Set.copyOf(labels);
        elementLabels = elementLabels == null ? Set.of() : Set.copyOf(elementLabels);
        categories = categories == null ? Set.of() : Set.copyOf(categories);
    }

    public static ResourceFacts of(String resourceType, String id, String clientId, LocalDate dataDate,
                                  SecurityLabel... labels) {
        return new ResourceFacts(resourceType, id, clientId, Set.of(labels), Set.of(), dataDate);
    }

    public ResourceFacts withElementLabels(SecurityLabel... inline) {
        return new ResourceFacts(resourceType, id, clientId, labels, Set.of(inline), dataDate, clientNotEstablished,
                categories);
    }

    public ResourceFacts withCategories(Set<DataCategory> held) {
        return new ResourceFacts(resourceType, id, clientId, labels, elementLabels, dataDate, clientNotEstablished, held);
    }

    public ResourceFacts withCategories(DataCategory... held) {
        return withCategories(Set.of(held));
    }

    /** Client data whose client cannot be established (see the component's description). */
    public static ResourceFacts clientNotEstablished(String resourceType, String id, Set<SecurityLabel> labels,
                                                     LocalDate dataDate) {
        return new ResourceFacts(resourceType, id, null, labels, Set.of(), dataDate, true, Set.of());
    }

    public boolean isVeryRestricted() {
        return labels.contains(SecurityLabel.VERY_RESTRICTED);
    }

    public boolean isClientData() {
        return clientId != null || clientNotEstablished;
    }
}
