package nl.sluis.disclosure.engine;

import java.util.Objects;

/** A security label as a FHIR Coding reduced to system and code (e.g. v3-Confidentiality|V). */
public record SecurityLabel(String system, String code) {

    public static final String CONFIDENTIALITY_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    public static final String ACT_CODE_SYSTEM = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    /** Sluis' own labels; the terminology package defines this code system under the same canonical base. */
    public static final String SLUIS_SYSTEM = "http://sluis.nl/fhir/CodeSystem/security-label";

    /** Very restricted (v3-Confidentiality V): concerns and assessments. */
    public static final SecurityLabel VERY_RESTRICTED = new SecurityLabel(CONFIDENTIALITY_SYSTEM, "V");
    /** The resource (or element) holds information about third parties, e.g. what a family member said. */
    public static final SecurityLabel THIRD_PARTY_INFORMATION = new SecurityLabel(SLUIS_SYSTEM, "third-party-information");
    /** A professional decided this resource may be shown to the parents of a client aged 12 to 15. */
    public static final SecurityLabel RELEASED_TO_PARENTS = new SecurityLabel(SLUIS_SYSTEM, "released-to-parents");

    public SecurityLabel {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(code, "code");
    }

    /** Parses "system|code". */
    public static SecurityLabel parse(String systemBarCode) {
        int bar = systemBarCode.lastIndexOf('|');
        if (bar < 0) {
            throw new IllegalArgumentException("expected system|code: " + systemBarCode);
        }
        return new SecurityLabel(systemBarCode.substring(0, bar), systemBarCode.substring(bar + 1));
    }

    @Override
    public String toString() {
        return system + "|" + code;
    }
}
