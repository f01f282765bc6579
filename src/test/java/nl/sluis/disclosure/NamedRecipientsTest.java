package nl.sluis.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/** The recipients a Consent names, as {@link NamedRecipients} keys them: every way the Consent mapping resolves one. */
class NamedRecipientsTest {

  @Test
  void everyActorAtEveryDepth() {
    Consent consent = new Consent();
    Consent.ProvisionComponent root = consent.getProvision();
    root.addActor().setReference(new Reference().setIdentifier(new Identifier().setSystem(FhirCodes.URA).setValue("00000002")));
    root.addActor().setReference(new Reference("Organization/vt").setIdentifier(
        new Identifier().setSystem(FhirCodes.URA).setValue("00000009")));
    Consent.ProvisionComponent nested = root.addProvision();
    nested.addActor().setReference(new Reference("Practitioner/p1"));
    nested.addProvision().addActor().setReference(new Reference("PractitionerRole/r1"));
    nested.addActor().setReference(new Reference("Organization/o1/_history/2"));
    assertThat(NamedRecipients.keysOf(consent)).containsExactlyInAnyOrder("ura:00000002", "ura:00000009",
        "Organization/vt", "Practitioner/p1", "PractitionerRole/r1", "Organization/o1");
  }

  @Test
  void anAbsoluteReferenceAsTheConsentMappingReadsIt() {
    Consent consent = new Consent();
    consent.getProvision().addActor().setReference(new Reference("https://elders.example/fhir/Organization/1"));
    assertThat(NamedRecipients.keysOf(consent)).containsExactly("Organization/1");
  }

  @Test
  void whatMatchesNoExternalRequesterIsNotKept() {
    Consent consent = new Consent();
    Consent.ProvisionComponent root = consent.getProvision();
    root.addActor().setReference(new Reference("RelatedPerson/moeder"));
    root.addActor().setReference(new Reference("Patient/1"));
    root.addActor().setReference(new Reference("#contained"));
    root.addActor().setReference(new Reference().setIdentifier(new Identifier().setSystem("urn:oid:2.16.528.1.1007.3.1").setValue("1")));
    assertThat(NamedRecipients.keysOf(consent)).isEmpty();
    assertThat(NamedRecipients.keysOf(new Consent())).isEmpty();
  }
}
