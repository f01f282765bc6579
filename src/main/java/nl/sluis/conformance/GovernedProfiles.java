package nl.sluis.conformance;

import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * Which Sluis profile a resource must meet even when it does not declare one in {@code meta.profile}
 * (declared profiles are always checked as well). The rule, per type:
 * <ul>
 *   <li>Patient, Practitioner, PractitionerRole, Organization, RelatedPerson, CareTeam: always their profile.</li>
 *   <li>Consent: no {@code patient} → organisation policy; a {@code policyRule} from our legal-ground code system
 *       other than {@code consent}, or category {@code consent-category#legal-ground} → legal ground without
 *       consent; any other Consent → client consent.</li>
 *   <li>QuestionnaireResponse: by its {@code questionnaire} canonical (zorgsignaal, inschatting, afweging); others
 *       none.</li>
 *   <li>Observation: only when a {@code code} coding is from our assessment-finding code system.</li>
 *   <li>Communication: category {@code communication-category#network-contact} → the network contact profile;
 *       {@code verwijsindex-signal} → the Verwijsindex signal; {@code advice-request} → the advice request;
 *       otherwise when the client is informed, i.e. its subject (a Patient) is among the recipients, or a
 *       {@code reasonCode} is from our consultation-partner code system.</li>
 *   <li>AuditEvent: always the disclosure profile (the only AuditEvents Sluis accepts are disclosure records).</li>
 *   <li>Task: code {@code task-type#inform-client} → the inform-the-client task.</li>
 * </ul>
 * Every other resource gets base R4 validation plus its declared profiles.
 */
public final class GovernedProfiles {

  public static final String BASE = "http://sluis.nl/fhir/";
  public static final String SD = BASE + "StructureDefinition/";
  static final String LEGAL_GROUND_SYSTEM = BASE + "CodeSystem/legal-ground";
  static final String CONSENT_CATEGORY_SYSTEM = BASE + "CodeSystem/consent-category";
  static final String ASSESSMENT_FINDING_SYSTEM = BASE + "CodeSystem/assessment-finding";
  static final String CAPACITY_SYSTEM = BASE + "CodeSystem/capacity";
  static final String CONSULTATION_PARTNER_SYSTEM = BASE + "CodeSystem/consultation-partner";
  static final String COMMUNICATION_CATEGORY_SYSTEM = BASE + "CodeSystem/communication-category";
  static final String TASK_TYPE_SYSTEM = BASE + "CodeSystem/task-type";
  static final String ZORGSIGNAAL_QUESTIONNAIRE = BASE + "Questionnaire/zorgsignaal";
  static final String INSCHATTING_QUESTIONNAIRE = BASE + "Questionnaire/inschatting-situatie-risicos";
  static final String AFWEGING_QUESTIONNAIRE = BASE + "Questionnaire/afweging-wettelijke-grondslag";

  private GovernedProfiles() {}

  /** The profile this resource must meet, if its type (and content) is governed. */
  public static Optional<String> profileFor(IBaseResource resource) {
    String id = switch (resource.fhirType()) {
      case "Patient", "Practitioner", "PractitionerRole", "Organization", "RelatedPerson", "CareTeam" ->
          "sluis-" + resource.fhirType();
      case "Consent" -> consentVariant((Consent) resource);
      case "QuestionnaireResponse" -> questionnaireResponse((QuestionnaireResponse) resource);
      case "Observation" -> observation((Observation) resource);
      case "Communication" -> communication((Communication) resource);
      case "AuditEvent" -> resource instanceof AuditEvent ? "sluis-AuditEvent-Disclosure" : null;
      case "Task" -> isInformClientTask(resource) ? "sluis-Task-InformClient" : null;
      default -> null;
    };
    return Optional.ofNullable(id).map(i -> SD + i);
  }

  static String consentVariant(Consent consent) {
    if (!consent.hasPatient()) {
      return "sluis-Consent-OrganisationPolicy";
    }
    boolean groundWithoutConsent = consent.getPolicyRule().getCoding().stream()
        .anyMatch(c -> LEGAL_GROUND_SYSTEM.equals(c.getSystem()) && !"consent".equals(c.getCode()));
    boolean legalGroundCategory = consent.getCategory().stream()
        .anyMatch(cc -> has(cc, CONSENT_CATEGORY_SYSTEM, "legal-ground"));
    return groundWithoutConsent || legalGroundCategory ? "sluis-Consent-LegalGround" : "sluis-Consent-ClientConsent";
  }

  /** A disclosure on a legal ground without consent (the profile {@code sluis-Consent-LegalGround}). */
  public static boolean isLegalGround(Consent consent) {
    return "sluis-Consent-LegalGround".equals(consentVariant(consent));
  }

  static boolean isInformClientTask(IBaseResource resource) {
    return resource instanceof Task task && task.getCode().getCoding().stream()
        .anyMatch(c -> TASK_TYPE_SYSTEM.equals(c.getSystem()) && "inform-client".equals(c.getCode()));
  }

  static String questionnaireResponse(QuestionnaireResponse response) {
    String canonical = response.getQuestionnaire();
    if (canonical == null) {
      return null;
    }
    String unversioned = canonical.contains("|") ? canonical.substring(0, canonical.indexOf('|')) : canonical;
    return switch (unversioned) {
      case ZORGSIGNAAL_QUESTIONNAIRE -> "sluis-QuestionnaireResponse-Zorgsignaal";
      case INSCHATTING_QUESTIONNAIRE -> "sluis-QuestionnaireResponse-Inschatting";
      case AFWEGING_QUESTIONNAIRE -> "sluis-QuestionnaireResponse-Afweging";
      default -> null;
    };
  }

  static String observation(Observation observation) {
    if (isAssessmentFinding(observation)) {
      return "sluis-Observation-AssessmentFinding";
    }
    boolean capacity = observation.getCode().getCoding().stream().anyMatch(c -> CAPACITY_SYSTEM.equals(c.getSystem()));
    return capacity ? "sluis-Observation-LacksCapacity" : null;
  }

  static boolean isAssessmentFinding(Observation observation) {
    return observation.getCode().getCoding().stream().anyMatch(c -> ASSESSMENT_FINDING_SYSTEM.equals(c.getSystem()));
  }

  static String communication(Communication communication) {
    if (isNetworkContact(communication)) {
      return "sluis-Communication-NetworkContact";
    }
    if (isVerwijsindexSignal(communication)) {
      return "sluis-Communication-VerwijsindexSignal";
    }
    if (isAdviceRequest(communication)) {
      return "sluis-Communication-AdviceRequest";
    }
    return isClientInformed(communication) ? "sluis-Communication-ClientInformed" : null;
  }

  /** A talk with the client's parents or network: category {@code communication-category#network-contact}. */
  public static boolean isNetworkContact(Communication communication) {
    return communication.getCategory().stream().anyMatch(cc -> has(cc, COMMUNICATION_CATEGORY_SYSTEM, "network-contact"));
  }

  /** The record that a signal was issued to a regional Verwijsindex: category {@code verwijsindex-signal}. */
  public static boolean isVerwijsindexSignal(Communication communication) {
    return communication.getCategory().stream()
        .anyMatch(cc -> has(cc, COMMUNICATION_CATEGORY_SYSTEM, "verwijsindex-signal"));
  }

  /** An advice request without the client's name, as sent: category {@code advice-request}. */
  public static boolean isAdviceRequest(Communication communication) {
    return communication.getCategory().stream().anyMatch(cc -> has(cc, COMMUNICATION_CATEGORY_SYSTEM, "advice-request"));
  }

  /** The record that the client was told whom the professional approached. */
  public static boolean isClientInformed(Communication communication) {
    if (isNetworkContact(communication) || isVerwijsindexSignal(communication) || isAdviceRequest(communication)) {
      return false;
    }
    Reference subject = communication.getSubject();
    boolean clientAmongRecipients = subject.hasReference() && subject.getReference().startsWith("Patient/")
        && communication.getRecipient().stream().anyMatch(r -> subject.getReference().equals(r.getReference()));
    boolean aboutConsultation = communication.getReasonCode().stream()
        .anyMatch(cc -> cc.getCoding().stream().anyMatch(c -> CONSULTATION_PARTNER_SYSTEM.equals(c.getSystem())));
    return clientAmongRecipients || aboutConsultation;
  }

  private static boolean has(CodeableConcept concept, String system, String code) {
    return concept.getCoding().stream().anyMatch(c -> system.equals(c.getSystem()) && code.equals(c.getCode()));
  }
}
