package nl.sluis.disclosure.engine;

/**
 * A category of client data from Sluis's {@code data-category} code system
 * ({@code http://sluis.nl/fhir/CodeSystem/data-category}), as Consent.provision.code names it. The hierarchy
 * is part-of: a category's data includes that of the categories below it. Which records fall in which
 * category is the adapter's business (one mapping, {@code nl.sluis.disclosure.DataCategories}); a resource
 * lists every category it holds, parts included (a Patient with an address: identification and contact details;
 * the assessment response: the assessment, its deliberation record, its findings and its conclusion).
 */
public enum DataCategory {

    CONCERN("concern", null, true),
    /** Only that a professional has a concern; no stored record holds this alone. */
    CONCERN_EXISTENCE("concern-existence", CONCERN, true),
    ASSESSMENT("assessment", null, true),
    DELIBERATION("deliberation", ASSESSMENT, true),
    ASSESSMENT_FINDINGS("assessment-findings", ASSESSMENT, true),
    ASSESSMENT_CONCLUSION("assessment-conclusion", ASSESSMENT_FINDINGS, true),
    IDENTIFICATION("identification", null, false),
    CONTACT_DETAILS("contact-details", null, false),
    TREATMENT("treatment", null, false),
    MEDICATION("medication", TREATMENT, false),
    /** Produced on request ($anonymised-summary), never stored: no record falls in it. */
    ANONYMISED_CASE("anonymised-case", null, false);

    public static final String SYSTEM = "http://sluis.nl/fhir/CodeSystem/data-category";

    private final String code;
    private final DataCategory parent;
    private final boolean veryRestrictedByNature;

    DataCategory(String code, DataCategory parent, boolean veryRestrictedByNature) {
        this.code = code;
        this.parent = parent;
        this.veryRestrictedByNature = veryRestrictedByNature;
    }

    public String code() {
        return code;
    }

    /** The category this one is part of, or null. */
    public DataCategory parent() {
        return parent;
    }

    /**
     * The concern and assessment family: data that is very restricted (label V) by what it is. A provision
     * naming such a category names very restricted data explicitly, as naming label V would; naming
     * {@code treatment} does not reach a treatment record someone labelled V.
     */
    public boolean veryRestrictedByNature() {
        return veryRestrictedByNature;
    }

    /** The category with this code, or null when Sluis does not know it (callers fail closed). */
    public static DataCategory byCode(String code) {
        for (DataCategory category : values()) {
            if (category.code.equals(code)) {
                return category;
            }
        }
        return null;
    }

    /** This category is {@code other} or part of it: naming {@code other} covers this one's data. */
    public boolean isWithin(DataCategory other) {
        for (DataCategory c = this; c != null; c = c.parent) {
            if (c == other) {
                return true;
            }
        }
        return false;
    }

}
