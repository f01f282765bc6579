package nl.sluis.disclosure;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import nl.sluis.disclosure.engine.Actor;
import nl.sluis.disclosure.engine.AdolescentConsentMode;
import nl.sluis.disclosure.engine.DateRange;
import nl.sluis.disclosure.engine.Ground;
import nl.sluis.disclosure.engine.GroundStatus;
import nl.sluis.disclosure.engine.LegalGroundCode;
import nl.sluis.disclosure.engine.OrganisationPolicy;
import nl.sluis.disclosure.engine.Party;
import nl.sluis.disclosure.engine.Provision;
import nl.sluis.disclosure.engine.ProvisionType;
import nl.sluis.disclosure.engine.ResourceRef;
import nl.sluis.disclosure.engine.SecurityLabel;
import nl.sluis.disclosure.engine.Weighing;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;

/**
 * Maps FHIR Consents to the engine's grounds and organisation policy. Where a Consent says something
 * the engine cannot evaluate, the mapping fails closed: a permit never becomes wider than written.
 */
final class ConsentMapping {

  /** A class no resource has: makes a permit with constraints we cannot evaluate match nothing. */
  static final String UNEVALUATED_CONSTRAINT = "sluis:unevaluated-constraint";
  private final FhirRecords records;
  private final ZoneId zone;

  ConsentMapping(FhirRecords records, ZoneId zone) {
    this.records = records;
    this.zone = zone;
  }

  /** The organisation's time zone: dates of periods are days there. */
  ZoneId zone() {
    return zone;
  }

  static boolean isPrivacyConsent(Consent consent) {
    return consent.getScope().getCoding().stream()
        .anyMatch(c -> FhirCodes.CONSENT_SCOPE.equals(c.getSystem()) && "patient-privacy".equals(c.getCode()));
  }

  static boolean isOrganisationPolicy(Consent consent) {
    return !consent.hasPatient() && consent.getCategory().stream().flatMap(c -> c.getCoding().stream())
        .anyMatch(c -> FhirCodes.CONSENT_CATEGORY.equals(c.getSystem()) && "organisation-policy".equals(c.getCode()));
  }

  Optional<Ground> toGround(Consent consent) {
    if (!isPrivacyConsent(consent) || !consent.hasPatient() || !consent.hasStatus()) {
      return Optional.empty();
    }
    String id = "Consent/" + consent.getIdElement().getIdPart();
    Optional<LegalGroundCode> legalGround = legalGround(consent.getPolicyRule());
    Ground.Builder ground = legalGround.isPresent()
        ? Ground.legalGround(id, legalGround.get())
        : Ground.clientConsent(id);
    ground.status(GroundStatus.valueOf(consent.getStatus().toCode().toUpperCase(Locale.ROOT).replace('-', '_')))
        .client(consent.getPatient().getReferenceElement().getIdPart());
    for (Reference performer : consent.getPerformer()) {
      ground.performer(party(performer));
    }
    if (consent.hasDateTime()) {
      ground.recorded(recorded(consent.getDateTimeElement(), zone));
    }
    Extension deliberation = consent.getExtensionByUrl(FhirCodes.DELIBERATION_EXTENSION);
    if (deliberation != null && deliberation.getValue() instanceof Reference reference) {
      ground.deliberation(reference.getReference());
      if (legalGround.isPresent()) {
        weighing(reference.getReference(), consent.getPatient().getReferenceElement().getIdPart())
            .ifPresent(ground::weighing);
      }
    }
    if (consent.hasProvision()) {
      ground.period(range(consent.getProvision().getPeriod()));
      ground.provision(provision(consent.getProvision(), ProvisionType.DENY, true));
    }
    return Optional.of(ground.build());
  }

  /**
   * When a Consent was recorded. One dated by the day alone counts as recorded by the end of that day (in the
   * organisation's zone), so that a weighing of the same day comes before it.
   */
  static java.time.Instant recorded(org.hl7.fhir.r4.model.DateTimeType dateTime, ZoneId zone) {
    String value = dateTime.getValueAsString();
    LocalDate lastDay = switch (dateTime.getPrecision()) {
      case YEAR -> java.time.Year.parse(value.substring(0, 4)).atMonth(12).atEndOfMonth();
      case MONTH -> java.time.YearMonth.parse(value.substring(0, 7)).atEndOfMonth();
      case DAY -> LocalDate.parse(value.substring(0, 10));
      default -> null;
    };
    return lastDay == null ? dateTime.getValue().toInstant()
        : lastDay.plusDays(1).atStartOfDay(zone).toInstant().minusMillis(1);
  }

  /**
   * The weighing record a legal ground refers to, as the engine needs it; empty (the engine then refuses the
   * ground) when the reference leads to no weighing record about this client.
   */
  Optional<Weighing> weighing(String reference, String clientId) {
    if (reference == null || !reference.startsWith("QuestionnaireResponse/")) {
      return Optional.empty();
    }
    String versionless = new org.hl7.fhir.r4.model.IdType(reference).toUnqualifiedVersionless().getValue();
    return records.<org.hl7.fhir.instance.model.api.IBaseResource>read(versionless)
        .filter(QuestionnaireResponse.class::isInstance).map(QuestionnaireResponse.class::cast)
        .filter(Weighings::isWeighing)
        .filter(response -> clientId != null && clientId.equals(response.getSubject().getReferenceElement().getIdPart())
            && "Patient".equals(response.getSubject().getReferenceElement().getResourceType()))
        .flatMap(response -> Weighings.toWeighing(versionless, response,
            response.hasAuthor() ? party(response.getAuthor()).roleCode() : null));
  }

  private static Optional<LegalGroundCode> legalGround(CodeableConcept policyRule) {
    for (Coding coding : policyRule.getCoding()) {
      if (FhirCodes.LEGAL_GROUND.equals(coding.getSystem()) && !"consent".equals(coding.getCode())) {
        return Optional.of(LegalGroundCode.valueOf(coding.getCode().toUpperCase(Locale.ROOT).replace('-', '_')));
      }
    }
    return Optional.empty();
  }

  private Provision provision(Consent.ProvisionComponent source, ProvisionType parentType, boolean root) {
    ProvisionType type = source.hasType()
        ? (source.getType() == Consent.ConsentProvisionType.PERMIT ? ProvisionType.PERMIT : ProvisionType.DENY)
        : null;
    ProvisionType effective = type != null ? type
        : root ? ProvisionType.DENY : (parentType == ProvisionType.PERMIT ? ProvisionType.DENY : ProvisionType.PERMIT);
    Provision.Builder builder = type == null ? Provision.untyped()
        : type == ProvisionType.PERMIT ? Provision.permit() : Provision.deny();
    builder.period(range(source.getPeriod())).dataPeriod(range(source.getDataPeriod()));
    for (Consent.provisionActorComponent actor : source.getActor()) {
      String role = actor.getRole().getCodingFirstRep().getCode();
      builder.actor(new Actor(role == null ? Actor.RECIPIENT : role, party(actor.getReference())));
    }
    source.getAction().forEach(action -> action.getCoding().forEach(c -> builder.actions(c.getCode())));
    source.getPurpose().forEach(purpose -> builder.purposes(purpose.getCode()));
    source.getSecurityLabel().forEach(label -> builder.labels(new SecurityLabel(label.getSystem(), label.getCode())));
    source.getClass_().forEach(type1 -> builder.classes(type1.getCode()));
    for (Consent.provisionDataComponent data : source.getData()) {
      String reference = data.getReference().getReference();
      if (reference != null && reference.contains("/")) {
        builder.data(ResourceRef.parse(new org.hl7.fhir.r4.model.IdType(reference).toUnqualifiedVersionless().getValue()));
      } else if (effective == ProvisionType.PERMIT) {
        builder.classes(UNEVALUATED_CONSTRAINT);
      }
    }
    source.getCode().forEach(code -> builder.categories(categoryCode(code)));
    for (Consent.ProvisionComponent nested : source.getProvision()) {
      builder.nested(provision(nested, effective, false));
    }
    return builder.build();
  }

  /**
   * A data category as the engine reads it: our code system's code, else {@code system|code} of the first coding,
   * which the engine does not know and treats fail closed.
   */
  static String categoryCode(CodeableConcept concept) {
    for (Coding coding : concept.getCoding()) {
      if (nl.sluis.disclosure.engine.DataCategory.SYSTEM.equals(coding.getSystem()) && coding.hasCode()) {
        return coding.getCode();
      }
    }
    Coding first = concept.getCodingFirstRep();
    return first.getSystem() + "|" + first.getCode();
  }

  /** A party by reference; one that cannot be resolved matches nobody (fail closed). */
  Party party(Reference reference) {
    String ref = reference.getReference();
    if (ref == null) {
      return uraOf(reference.getIdentifier()).map(Party::organisation)
          .orElse(Party.organisation("unresolved"));
    }
    org.hl7.fhir.r4.model.IdType id = new org.hl7.fhir.r4.model.IdType(ref);
    String type = id.getResourceType();
    String idPart = id.getIdPart();
    if (id.isAbsolute()) {
      // another server's record: not ours of the same id; only an identifier (URA) names the party
      return uraOf(reference.getIdentifier()).map(Party::organisation)
          .orElse(Party.organisation("unresolved:" + ref));
    }
    if ("Patient".equals(type)) {
      return Party.patient(idPart);
    }
    if ("RelatedPerson".equals(type)) {
      return Party.relatedPerson(idPart);
    }
    if ("Practitioner".equals(type)) {
      return Party.practitioner(idPart, null);
    }
    if ("PractitionerRole".equals(type)) {
      Optional<PractitionerRole> role = records.read("PractitionerRole/" + idPart);
      if (role.isPresent() && role.get().getPractitioner().getReferenceElement().hasIdPart()) {
        String roleCode = PractitionerRoles.roleCode(role.get()).orElse(null);
        return Party.practitioner(role.get().getPractitioner().getReferenceElement().getIdPart(), roleCode);
      }
      return Party.practitioner("unresolved:" + ref, null);
    }
    if ("Organization".equals(type)) {
      Optional<String> ura = uraOf(reference.getIdentifier());
      if (ura.isEmpty()) {
        Optional<Organization> organization = records.read("Organization/" + idPart);
        ura = organization.flatMap(o -> o.getIdentifier().stream().map(ConsentMapping::uraOf)
            .flatMap(Optional::stream).findFirst());
      }
      return Party.organisation(ura.orElse("unresolved:" + ref));
    }
    return Party.organisation("unresolved:" + ref);
  }

  private static Optional<String> uraOf(Identifier identifier) {
    return identifier != null && FhirCodes.URA.equals(identifier.getSystem()) && identifier.hasValue()
        ? Optional.of(identifier.getValue())
        : Optional.empty();
  }

  private DateRange range(Period period) {
    if (period == null || period.isEmpty()) {
      return null;
    }
    return new DateRange(date(period.getStart()), date(period.getEnd()));
  }

  private LocalDate date(java.util.Date date) {
    return date == null ? null : date.toInstant().atZone(zone).toLocalDate();
  }

  /** The privacy officer's policy Consent; roles and purposes per rule kind. */
  static OrganisationPolicy toPolicy(Consent policy, String ownUra, OrganisationPolicy defaults) {
    List<String> needToKnow = new ArrayList<>();
    List<String> veryRestricted = new ArrayList<>();
    List<String> legalGround = new ArrayList<>();
    List<String> purposes = new ArrayList<>();
    for (Consent.ProvisionComponent rule : policy.getProvision().getProvision()) {
      String kind = rule.getCode().stream().flatMap(c -> c.getCoding().stream())
          .filter(c -> FhirCodes.POLICY_RULE_KIND.equals(c.getSystem())).map(Coding::getCode).findFirst().orElse("");
      List<String> roles = rule.getExtensionsByUrl(FhirCodes.PROVISION_ROLE_EXTENSION).stream()
          .map(Extension::getValue).filter(CodeableConcept.class::isInstance).map(CodeableConcept.class::cast)
          .flatMap(c -> c.getCoding().stream()).map(Coding::getCode).toList();
      switch (kind) {
        case "need-to-know" -> needToKnow.addAll(roles);
        case "very-restricted-access" -> veryRestricted.addAll(roles);
        case "record-legal-ground" -> legalGround.addAll(roles);
        case "external-purpose" -> rule.getPurpose().forEach(p -> purposes.add(p.getCode()));
        default -> { }
      }
    }
    Extension mode = policy.getExtensionByUrl(FhirCodes.MINOR_CONSENT_MODE_EXTENSION);
    AdolescentConsentMode minors = mode != null && "child-only".equals(mode.getValue().primitiveValue())
        ? AdolescentConsentMode.CHILD_ONLY : AdolescentConsentMode.BOTH_CHILD_AND_PARENT;
    return defaults
        .withNeedToKnowRoles(needToKnow.toArray(String[]::new))
        .withVeryRestrictedRoles(veryRestricted.toArray(String[]::new))
        .withLegalGroundRoles(legalGround.toArray(String[]::new))
        .withAcceptedExternalPurposes(purposes.toArray(String[]::new))
        .withAdolescentConsentMode(minors);
  }
}
