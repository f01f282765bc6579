package nl.sluis.disclosure.engine;

import java.util.Objects;
import java.util.Set;

/**
 * The organisation's sharing policy, authored by the privacy officer. External requesters are always denied
 * unless a ground permits (beroepsgeheim); that default is law, not a setting.
 *
 * @param ownUra                       this organisation's URA; requesters from it are internal
 * @param needToKnowRoles              roles that may see client data without being in the care team
 * @param veryRestrictedRoles          roles that may see very restricted data besides the care team
 *                                     (e.g. aandachtsfunctionaris)
 * @param legalGroundRoles             roles whose members may record a legal ground
 * @param acceptedExternalPurposes     purposes of use an external requester may disclose for at all
 * @param deidentifiedPurposes         purposes for which an external requester without a ground receives a
 *                                     de-identified copy (anonymous data is no personal data), e.g. a local
 *                                     code for consultation with Platform JEP; empty by default
 * @param adolescentConsentMode        who consents for a client aged 12 to 15
 * @param withheldFromPatientFacing    labels whose resources patient-facing requesters never see and whose
 *                                     labelled elements are redacted (e.g. third-party information)
 * @param maxLegalGroundDays           longest period a legal ground may cover (narrowness)
 */
public record OrganisationPolicy(String ownUra, Set<String> needToKnowRoles, Set<String> veryRestrictedRoles,
                                 Set<String> legalGroundRoles, Set<String> acceptedExternalPurposes,
                                 Set<String> deidentifiedPurposes, AdolescentConsentMode adolescentConsentMode,
                                 Set<SecurityLabel> withheldFromPatientFacing, int maxLegalGroundDays) {

    public static final int DEFAULT_MAX_LEGAL_GROUND_DAYS = 90;

    public OrganisationPolicy {
        Objects.requireNonNull(ownUra, "ownUra");
        needToKnowRoles = copy(needToKnowRoles);
        veryRestrictedRoles = copy(veryRestrictedRoles);
        legalGroundRoles = copy(legalGroundRoles);
        acceptedExternalPurposes = copy(acceptedExternalPurposes);
        deidentifiedPurposes = copy(deidentifiedPurposes);
        withheldFromPatientFacing = copy(withheldFromPatientFacing);
        if (adolescentConsentMode == null) {
            adolescentConsentMode = AdolescentConsentMode.BOTH_CHILD_AND_PARENT;
        }
        if (maxLegalGroundDays <= 0) {
            throw new IllegalArgumentException("maxLegalGroundDays must be positive");
        }
    }

    /** A policy with safe defaults: no extra roles, both child and parent, third-party information withheld. */
    public static OrganisationPolicy defaults(String ownUra) {
        return new OrganisationPolicy(ownUra, Set.of(), Set.of(), Set.of(), Set.of("TREAT", "COC"), Set.of(),
                AdolescentConsentMode.BOTH_CHILD_AND_PARENT, Set.of(SecurityLabel.THIRD_PARTY_INFORMATION),
                DEFAULT_MAX_LEGAL_GROUND_DAYS);
    }

    public OrganisationPolicy withNeedToKnowRoles(String... roles) {
        return new OrganisationPolicy(ownUra, Set.of(roles), veryRestrictedRoles, legalGroundRoles,
                acceptedExternalPurposes, deidentifiedPurposes, adolescentConsentMode, withheldFromPatientFacing,
                maxLegalGroundDays);
    }

    public OrganisationPolicy withVeryRestrictedRoles(String... roles) {
        return new OrganisationPolicy(ownUra, needToKnowRoles, Set.of(roles), legalGroundRoles,
                acceptedExternalPurposes, deidentifiedPurposes, adolescentConsentMode, withheldFromPatientFacing,
                maxLegalGroundDays);
    }

    public OrganisationPolicy withLegalGroundRoles(String... roles) {
        return new OrganisationPolicy(ownUra, needToKnowRoles, veryRestrictedRoles, Set.of(roles),
                acceptedExternalPurposes, deidentifiedPurposes, adolescentConsentMode, withheldFromPatientFacing,
                maxLegalGroundDays);
    }

    public OrganisationPolicy withAcceptedExternalPurposes(String... purposes) {
        return new OrganisationPolicy(ownUra, needToKnowRoles, veryRestrictedRoles, legalGroundRoles,
                Set.of(purposes), deidentifiedPurposes, adolescentConsentMode, withheldFromPatientFacing,
                maxLegalGroundDays);
    }

    public OrganisationPolicy withDeidentifiedPurposes(String... purposes) {
        return new OrganisationPolicy(ownUra, needToKnowRoles, veryRestrictedRoles, legalGroundRoles,
                acceptedExternalPurposes, Set.of(purposes), adolescentConsentMode, withheldFromPatientFacing,
                maxLegalGroundDays);
    }

    public OrganisationPolicy withAdolescentConsentMode(AdolescentConsentMode mode) {
        return new OrganisationPolicy(ownUra, needToKnowRoles, veryRestrictedRoles, legalGroundRoles,
                acceptedExternalPurposes, deidentifiedPurposes, mode, withheldFromPatientFacing, maxLegalGroundDays);
    }

    public OrganisationPolicy withMaxLegalGroundDays(int days) {
        return new OrganisationPolicy(ownUra, needToKnowRoles, veryRestrictedRoles, legalGroundRoles,
                acceptedExternalPurposes, deidentifiedPurposes, adolescentConsentMode, withheldFromPatientFacing, days);
    }

    private static <T> Set<T> copy(Set<T> values) {
        return values == null ? Set.of() : Set.copyOf(values);
    }
}
