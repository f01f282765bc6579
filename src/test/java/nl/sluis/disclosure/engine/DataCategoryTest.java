package nl.sluis.disclosure.engine;

import static nl.sluis.disclosure.engine.DataCategory.*;
import static nl.sluis.disclosure.engine.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Consent.provision.code (data categories): a permit discloses exactly the records that hold only the named
 * data; a deny withholds every record holding any of it; categories and classes combine; what Sluis cannot
 * tell fails closed.
 */
class DataCategoryTest {

    private static final SecurityLabel V = SecurityLabel.VERY_RESTRICTED;

    /** One record of each kind the adapter categorises, as the adapter would describe it. */
    private static final List<ResourceFacts> RECORDS = List.of(
            record("QuestionnaireResponse", "concern", Set.of(CONCERN, CONCERN_EXISTENCE), V),
            record("QuestionnaireResponse", "assessment",
                    Set.of(ASSESSMENT, DELIBERATION, ASSESSMENT_FINDINGS, ASSESSMENT_CONCLUSION), V),
            record("Observation", "finding-attention-point", Set.of(ASSESSMENT_FINDINGS), V),
            record("Observation", "finding-derailment", Set.of(ASSESSMENT_CONCLUSION), V),
            record("Patient", "patient-name-only", Set.of(IDENTIFICATION)),
            record("Patient", "patient-with-address", Set.of(IDENTIFICATION, CONTACT_DETAILS)),
            record("Condition", "diagnosis", Set.of(TREATMENT)),
            record("Observation", "blood-pressure", Set.of(TREATMENT)),
            record("Observation", "treatment-note-v", Set.of(TREATMENT), V),
            record("MedicationStatement", "lithium", Set.of(MEDICATION)),
            record("Communication", "uncategorised", Set.of()));

    /** What a consent naming only that category discloses to the GP. */
    private static final Map<DataCategory, Set<String>> DISCLOSED = new EnumMap<>(Map.ofEntries(
            Map.entry(CONCERN, Set.of("concern")),
            Map.entry(CONCERN_EXISTENCE, Set.of()), // no stored record holds only the fact
            Map.entry(ASSESSMENT, Set.of("assessment", "finding-attention-point", "finding-derailment")),
            Map.entry(DELIBERATION, Set.of()), // stored inside the assessment response, which holds more
            Map.entry(ASSESSMENT_FINDINGS, Set.of("finding-attention-point", "finding-derailment")),
            Map.entry(ASSESSMENT_CONCLUSION, Set.of("finding-derailment")),
            Map.entry(IDENTIFICATION, Set.of("patient-name-only")),
            Map.entry(CONTACT_DETAILS, Set.of()), // a Patient with an address also identifies
            Map.entry(TREATMENT, Set.of("diagnosis", "blood-pressure", "lithium")), // not the one labelled V
            Map.entry(MEDICATION, Set.of("lithium")),
            Map.entry(ANONYMISED_CASE, Set.of())));

    private final DisclosureEngine engine = engine();
    private final ClientFacts adult = clientAged(30);

    private static ResourceFacts record(String type, String id, Set<DataCategory> categories, SecurityLabel... labels) {
        return ResourceFacts.of(type, id, CLIENT, DATA_DATE, labels).withCategories(categories);
    }

    private static ResourceFacts byId(String id) {
        return RECORDS.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
    }

    private DisclosureDecision decide(ResourceFacts resource, Ground... grounds) {
        return engine.decide(gp(), resource, adult, List.of(grounds), TODAY);
    }

    private Set<String> disclosed(Ground... grounds) {
        Set<String> ids = new TreeSet<>();
        for (ResourceFacts resource : RECORDS) {
            if (decide(resource, grounds).isDisclosed()) {
                ids.add(resource.id());
            }
        }
        return ids;
    }

    /** A deny as targeted as {@link Fixtures#permitToGp()}. */
    private static Provision.Builder denyToGp() {
        return Provision.deny().recipient(Party.organisation(GP_URA)).purposes("COC").actions("disclose");
    }

    private static Ground consent(Provision.Builder provision) {
        return consentByClient("Consent/1").provision(provision).build();
    }

    @ParameterizedTest
    @EnumSource(DataCategory.class)
    void aPermitNamingOneCategoryDisclosesExactlyItsRecords(DataCategory category) {
        assertThat(DISCLOSED).containsKey(category);
        assertThat(disclosed(consent(permitToGp().categories(category)))).isEqualTo(DISCLOSED.get(category));
    }

    @Test
    void aPermitNamingSeveralCategoriesCoversRecordsHoldingAnyMixOfThem() {
        assertThat(disclosed(consent(permitToGp().categories(IDENTIFICATION, CONTACT_DETAILS))))
                .containsExactly("patient-name-only", "patient-with-address");
        assertThat(disclosed(consent(permitToGp().categories(CONCERN, MEDICATION))))
                .containsExactly("concern", "lithium");
    }

    @Test
    void aPermitByCategoryNamesItsBasis() {
        DisclosureDecision d = decide(byId("lithium"), consent(Provision.deny().nested(permitToGp().categories(MEDICATION))));
        assertThat(d.outcome()).isEqualTo(Outcome.PERMIT);
        assertThat(d.basis()).containsExactly(Basis.ground("Consent/1", "provision.provision[0]"));
    }

    // --- categories and classes ---

    @Test
    void classAndCategoryMustBothMatch() {
        Ground observationsOfTreatment = consent(permitToGp().classes("Observation").categories(TREATMENT));
        assertThat(disclosed(observationsOfTreatment)).containsExactly("blood-pressure");
    }

    @Test
    void aClassPermitWithANestedCategoryDenyCarvesOutThatCategory() {
        Ground threeClassesButNoMedication = consent(permitToGp().classes("Observation", "Condition", "MedicationStatement")
                .nested(Provision.deny().categories(MEDICATION)));
        assertThat(disclosed(threeClassesButNoMedication)).containsExactly("blood-pressure", "diagnosis");
        Ground assessmentRecordsButNoConclusion = consent(permitToGp().classes("Observation", "QuestionnaireResponse")
                .labels(V).nested(Provision.deny().categories(ASSESSMENT_CONCLUSION)));
        assertThat(disclosed(assessmentRecordsButNoConclusion))
                .containsExactly("concern", "finding-attention-point", "treatment-note-v");
    }

    @Test
    void aCategoryPermitWithANestedClassDeny() {
        Ground treatmentButNoConditions = consent(permitToGp().categories(TREATMENT)
                .nested(Provision.deny().classes("Condition")));
        assertThat(disclosed(treatmentButNoConditions)).containsExactly("blood-pressure", "lithium");
    }

    // --- denies ---

    @Test
    void aMoreSpecificDenyWins() {
        // deny: category and class (200) over permit: category (100), across two consents
        Ground treatment = consent(permitToGp().categories(TREATMENT));
        Ground noMedicationStatements = consentByClient("Consent/2").provision(denyToGp()
                .categories(TREATMENT).classes("MedicationStatement")).build();
        assertThat(disclosed(treatment, noMedicationStatements)).containsExactly("blood-pressure", "diagnosis");
        DisclosureDecision d = decide(byId("lithium"), treatment, noMedicationStatements);
        assertThat(d.basis()).containsExactly(Basis.ground("Consent/2", "provision"));
    }

    @Test
    void aNestedDenyOfAPartWithholdsEveryRecordHoldingThatPart() {
        // the assessment response holds the conclusion: withheld with it; the other findings are not
        Ground assessmentButNotTheConclusion = consent(permitToGp().categories(ASSESSMENT)
                .nested(Provision.deny().categories(ASSESSMENT_CONCLUSION)));
        assertThat(disclosed(assessmentButNotTheConclusion)).containsExactly("finding-attention-point");
        Ground assessmentButNotTheDeliberation = consent(permitToGp().categories(ASSESSMENT)
                .nested(Provision.deny().categories(DELIBERATION)));
        assertThat(disclosed(assessmentButNotTheDeliberation))
                .containsExactly("finding-attention-point", "finding-derailment");
    }

    @Test
    void equallySpecificPermitAndDenyByCategoryDenyWins() {
        Ground findings = consent(permitToGp().categories(ASSESSMENT_FINDINGS));
        Ground noConclusion = consentByClient("Consent/2").provision(denyToGp()
                .categories(ASSESSMENT_CONCLUSION)).build();
        assertThat(disclosed(findings, noConclusion)).containsExactly("finding-attention-point");
        assertThat(decide(byId("finding-derailment"), findings, noConclusion).basis())
                .contains(Basis.policy(Rules.DENY_WINS));
    }

    @Test
    void aDenyByCategoryWithholdsRecordsWhoseCategorySluisCannotTell() {
        Ground communicationsButNoMedication = consent(permitToGp().classes("Communication")
                .nested(Provision.deny().categories(MEDICATION)));
        assertThat(disclosed(communicationsButNoMedication)).isEmpty();
    }

    // --- unknown categories fail closed ---

    @Test
    void aPermitNamingAnUnknownCategoryPermitsNothingAndSaysSo() {
        Ground unknown = consent(permitToGp().categories("http://example.org/categories|lab-results"));
        Ground mixed = consentByClient("Consent/2").provision(permitToGp()
                .categories(MEDICATION.code(), "http://example.org/categories|lab-results")).build();
        assertThat(disclosed(unknown, mixed)).isEmpty();
        DisclosureDecision d = decide(byId("lithium"), unknown, mixed);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).contains(Basis.engine(Rules.UNKNOWN_DATA_CATEGORY),
                Basis.groundNotUsed("Consent/1", "provision names a data category Sluis does not know"
                        + " (http://example.org/categories|lab-results): it permits nothing"));
    }

    @Test
    void aDenyNamingAnUnknownCategoryAppliesToAllDataAndSaysSo() {
        Ground observationsExceptUnknown = consent(permitToGp().classes("Observation")
                .nested(Provision.deny().categories("lab-results")));
        assertThat(disclosed(observationsExceptUnknown)).isEmpty();
        DisclosureDecision d = decide(byId("blood-pressure"), observationsExceptUnknown);
        assertThat(d.outcome()).isEqualTo(Outcome.DENY);
        assertThat(d.basis()).containsExactly(Basis.ground("Consent/1", "provision.provision[0]"),
                Basis.engine(Rules.UNKNOWN_DATA_CATEGORY));
        assertThat(d.reason()).contains("lab-results");
    }

    // --- very restricted data and legal grounds ---

    @Test
    void aTreatmentPermitReachesVeryRestrictedTreatmentDataOnlyWhenItNamesTheLabel() {
        assertThat(disclosed(consent(permitToGp().categories(TREATMENT).labels(V)))).containsExactly("treatment-note-v");
    }

    @Test
    void aLegalGroundNamingRecipientAndCategoryIsNarrow() {
        Ground ground = Ground.legalGround("Consent/lg", LegalGroundCode.CONFLICT_OF_DUTIES).status(GroundStatus.ACTIVE)
                .client(CLIENT).performer(Party.practitioner(TREATING_PSYCHIATRIST, PSYCHIATRIST))
                .weighing(Fixtures.weighing(WeighingType.CONFLICT_OF_DUTIES))
                .period(DateRange.of(TODAY.minusDays(10), TODAY.plusDays(19)))
                .provision(Provision.permit().recipient(Party.organisation(VEILIG_THUIS_URA)).purposes("THREAT")
                        .categories(ASSESSMENT_CONCLUSION)).build();
        DisclosureDecision conclusion = engine.decide(veiligThuis(), byId("finding-derailment"), adult, List.of(ground),
                TODAY);
        assertThat(conclusion.outcome()).isEqualTo(Outcome.PERMIT_WITH_OBLIGATIONS);
        assertThat(conclusion.obligations()).contains(Obligation.MINIMUM_NECESSARY);
        assertThat(engine.decide(veiligThuis(), byId("finding-attention-point"), adult, List.of(ground), TODAY)
                .isDisclosed()).isFalse();
    }

    @Test
    void namingACategoryIsAsSpecificAsNamingAClass() {
        assertThat(ProvisionNode.specificity(ProvisionNode.CATEGORY))
                .isEqualTo(ProvisionNode.specificity(ProvisionNode.CLASS));
        assertThat(ProvisionNode.specificity(ProvisionNode.CATEGORY | ProvisionNode.CLASS | ProvisionNode.LABELS
                | ProvisionNode.DATA_PERIOD | ProvisionNode.ACTOR | ProvisionNode.PURPOSE | ProvisionNode.ACTION))
                .isLessThan(ProvisionNode.specificity(ProvisionNode.DATA));
    }
}
