package nl.sluis.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * The parties a client's Consents and CareTeams name, as {@link ClientParties} keys them: every way the Consent
 * mapping resolves a recipient and the client record reads a care-team member.
 */
class ClientPartiesTest {

  @Test
  void everyRecipientAtEveryDepth() {
    Consent consent = consentOf("Patient/c1");
    Consent.ProvisionComponent root = consent.getProvision();
    root.addActor().setReference(new Reference().setIdentifier(new Identifier().setSystem(FhirCodes.URA).setValue("00000002")));
    root.addActor().setReference(new Reference("Organization/vt").setIdentifier(
        new Identifier().setSystem(FhirCodes.URA).setValue("00000009")));
    Consent.ProvisionComponent nested = root.addProvision();
    nested.addActor().setReference(new Reference("Practitioner/p1"));
    nested.addProvision().addActor().setReference(new Reference("PractitionerRole/r1"));
    nested.addActor().setReference(new Reference("Organization/o1/_history/2"));
    assertThat(ClientParties.named(consent)).contains(Map.entry("c1", Set.of("recipient:ura:00000002",
        "recipient:ura:00000009", "recipient:Organization/vt", "recipient:Practitioner/p1",
        "recipient:PractitionerRole/r1", "recipient:Organization/o1")));
  }

  @Test
  void anAbsoluteReferenceAsTheConsentMappingReadsIt() {
    Consent consent = consentOf("Patient/c1");
    // another server's Organization/1 is not ours: only its URA, when the reference carries one, names a recipient
    consent.getProvision().addActor().setReference(new Reference("https://elders.example/fhir/Organization/1"));
    assertThat(ClientParties.recipientsOf(consent)).isEmpty();
    consent.getProvision().addActor().setReference(new Reference("https://elders.example/fhir/Organization/2")
        .setIdentifier(new Identifier().setSystem(FhirCodes.URA).setValue("00000077")));
    assertThat(ClientParties.recipientsOf(consent)).containsExactly("recipient:ura:00000077");
  }

  @Test
  void whatMatchesNoExternalRequesterIsNotKept() {
    Consent consent = consentOf("Patient/c1");
    Consent.ProvisionComponent root = consent.getProvision();
    root.addActor().setReference(new Reference("RelatedPerson/moeder"));
    root.addActor().setReference(new Reference("Patient/1"));
    root.addActor().setReference(new Reference("#contained"));
    root.addActor().setReference(new Reference().setIdentifier(new Identifier().setSystem("urn:oid:2.16.528.1.1007.3.1").setValue("1")));
    assertThat(ClientParties.recipientsOf(consent)).isEmpty();
    assertThat(ClientParties.named(consent)).isEmpty();
    assertThat(ClientParties.named(new Consent())).isEmpty();
  }

  @Test
  void careTeamMembers() {
    CareTeam team = new CareTeam().setSubject(new Reference("Patient/c2"));
    team.addParticipant().setMember(new Reference("Practitioner/p1"));
    team.addParticipant().setMember(new Reference("PractitionerRole/r2"));
    team.addParticipant().setMember(new Reference("RelatedPerson/moeder"));
    team.addParticipant().setMember(new Reference("Organization/o1"));
    assertThat(ClientParties.named(team)).contains(Map.entry("c2",
        Set.of("care-team:Practitioner/p1", "care-team:PractitionerRole/r2")));
  }

  @Test
  void onlyARecordAboutAStoredClientByLiteralReference() {
    CareTeam ofAGroup = new CareTeam().setSubject(new Reference("Group/g1"));
    ofAGroup.addParticipant().setMember(new Reference("Practitioner/p1"));
    assertThat(ClientParties.named(ofAGroup)).isEmpty();
    assertThat(ClientParties.named(new Observation().setSubject(new Reference("Patient/c1")))).isEmpty();
    Consent policy = new Consent();
    policy.getProvision().addActor().setReference(new Reference("Practitioner/p1"));
    assertThat(ClientParties.named(policy)).as("the organisation policy: about no client").isEmpty();
  }

  private static Consent consentOf(String patient) {
    Consent consent = new Consent();
    consent.setPatient(new Reference(patient));
    return consent;
  }
}
