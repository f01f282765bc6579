package nl.sluis.disclosure;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.util.FhirTerser;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;

/**
 * An anonymised copy of a resource ("zonder persoonsgegevens"): no identifiers, names, telecom,
 * addresses, photos or free text; a birth date becomes an age band; other dates keep only year and month;
 * references and the resource's own id become pseudonyms that are stable within one
 * disclosure (one instance) and unlinkable across disclosures (a fresh random key per instance).
 */
public final class Deidentification {

  public static final String AGE_BAND_EXTENSION = "http://sluis.nl/fhir/StructureDefinition/sluis-ext-AgeBand";
  private static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
  private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
  private final FhirTerser terser;
  private final Mac pseudonyms;
  private final LocalDate today;

  public Deidentification(FhirContext fhir, ZoneId zone) {
    this.terser = fhir.newTerser();
    this.today = LocalDate.now(zone);
    try {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      pseudonyms = Mac.getInstance("HmacSHA256");
      pseudonyms.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The pseudonym for a reference such as Patient/123, stable within this disclosure. */
  public synchronized String pseudonym(String reference) {
    byte[] digest = pseudonyms.doFinal(reference.getBytes(StandardCharsets.UTF_8));
    return "anon-" + HexFormat.of().formatHex(digest, 0, 10);
  }

  /** An anonymised copy; every reference (to the client, but also to professionals) becomes a pseudonym. */
  public Resource anonymise(IBaseResource original) {
    Resource copy = ((Resource) original).copy();
    String type = copy.fhirType();
    copy.setId(type + "/" + pseudonym(type + "/" + copy.getIdElement().getIdPart()));
    copy.setMeta(new org.hl7.fhir.r4.model.Meta());
    if (copy instanceof DomainResource domain) {
      domain.setText(null);
      domain.getContained().clear();
    }
    String ageBand = null;
    if (copy instanceof Patient patient) {
      if (patient.hasBirthDate()) {
        ageBand = ageBand(patient.getBirthDate());
        patient.setBirthDateElement(null);
      }
      patient.getContact().clear();
      patient.getPhoto().clear();
      patient.getLink().clear();
    }
    for (Identifier identifier : terser.getAllPopulatedChildElementsOfType(copy, Identifier.class)) {
      clear(identifier);
    }
    for (Class<? extends org.hl7.fhir.r4.model.Type> personal : java.util.List.of(HumanName.class, ContactPoint.class,
        Address.class, Attachment.class, Annotation.class)) {
      terser.getAllPopulatedChildElementsOfType(copy, personal).forEach(Deidentification::clear);
    }
    // References become pseudonyms; computed before the free-text sweep below, which clears all strings.
    java.util.Map<Reference, String> pseudonymous = new java.util.IdentityHashMap<>();
    for (Reference reference : terser.getAllPopulatedChildElementsOfType(copy, Reference.class)) {
      String target = reference.getReferenceElement().toUnqualifiedVersionless().getValue();
      if (target != null && target.contains("/") && reference.getReferenceElement().hasResourceType()) {
        pseudonymous.put(reference, reference.getReferenceElement().getResourceType() + "/" + pseudonym(target));
      }
      reference.setDisplay(null);
      reference.setIdentifier(null);
    }
    for (CodeableConcept concept : terser.getAllPopulatedChildElementsOfType(copy, CodeableConcept.class)) {
      concept.setText(null); // free text; the codes stay
    }
    for (StringType text : terser.getAllPopulatedChildElementsOfType(copy, StringType.class)) {
      if (!(text instanceof CodeType)) {
        text.setValue(null);
      }
    }
    for (BaseDateTimeType date : terser.getAllPopulatedChildElementsOfType(copy, BaseDateTimeType.class)) {
      if (date instanceof InstantType) {
        date.setValue(null);
      } else if (date.getValue() != null && date.getPrecision().ordinal() > TemporalPrecisionEnum.MONTH.ordinal()) {
        date.setValueAsString(date.getValueAsString().substring(0, 7));
      }
    }
    for (Reference reference : terser.getAllPopulatedChildElementsOfType(copy, Reference.class)) {
      reference.setReference(null);
    }
    pseudonymous.forEach(Reference::setReference);
    if (ageBand != null) {
      ((Patient) copy).addExtension(AGE_BAND_EXTENSION, new StringType(ageBand));
    }
    copy.getMeta().addSecurity(new Coding(CONFIDENTIALITY, "N", "normal"))
        .addSecurity(new Coding(ACT_CODE, "ANONY", "anonymized"))
        .addSecurity(new Coding(ACT_CODE, "NORDSCLCD", "no redisclosure without consent directive"));
    return copy;
  }

  private String ageBand(java.util.Date birthDate) {
    LocalDate birth = new java.sql.Date(birthDate.getTime()).toLocalDate();
    int age = Period.between(birth, today).getYears();
    int from = age < 12 ? 0 : age < 16 ? 12 : age < 18 ? 16 : age < 25 ? 18 : (age / 10) * 10;
    int to = age < 12 ? 11 : age < 16 ? 15 : age < 18 ? 17 : age < 25 ? 24 : from + 9;
    return from + "-" + to;
  }

  private static void clear(org.hl7.fhir.r4.model.Base element) {
    for (org.hl7.fhir.r4.model.Property property : element.children()) {
      for (org.hl7.fhir.r4.model.Base value : new java.util.ArrayList<>(property.getValues())) {
        element.removeChild(property.getName(), value);
      }
    }
  }
}
