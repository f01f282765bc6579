package nl.sluis.dataset;

import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * One client's record as generated, in write order (every resource after the ones it references): the Patient,
 * parents or contact persons, the care team, consents, concern and assessment, legal ground, Observations.
 */
public record GeneratedClient(int index, Patient patient, String bsn, LocalDate birthDate, int ageAsOf,
    ConsentRule consentRule, List<Resource> resources) {}
