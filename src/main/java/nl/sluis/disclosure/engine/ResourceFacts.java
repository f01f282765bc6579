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
 */
public record ResourceFacts(String resourceType, String id, String clientId, Set<SecurityLabel> labels,
                            Set<SecurityLabel> elementLabels, LocalDate dataDate) {

    public ResourceFacts {
        Objects.requireNonNull(resourceType, "resourceType");
        Objects.requireNonNull(id, "id");
        labels = labels == null ? Set.of() : Set.copyOf(labels);
        elementLabels = elementLabels == null ? Set.of() : Set.copyOf(elementLabels);
    }

    public static ResourceFacts of(String resourceType, String id, String clientId, LocalDate dataDate,
                                  SecurityLabel... labels) {
        return new ResourceFacts(resourceType, id, clientId, Set.of(labels), Set.of(), dataDate);
    }

    public ResourceFacts withElementLabels(SecurityLabel... inline) {
        return new ResourceFacts(resourceType, id, clientId, labels, Set.of(inline), dataDate);
    }

    public boolean isVeryRestricted() {
        return labels.contains(SecurityLabel.VERY_RESTRICTED);
    }

    public boolean isClientData() {
        return clientId != null;
    }
}
