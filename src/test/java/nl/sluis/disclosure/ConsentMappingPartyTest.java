package nl.sluis.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import nl.sluis.disclosure.engine.Party;
import nl.sluis.disclosure.engine.PartyKind;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * A Consent's actor is a party of this organisation's records only when the reference is local: an absolute
 * reference to another server's {@code Organization/1} is not our {@code Organization/1} (nor its URA), and another
 * server's {@code Practitioner/x} is not our professional {@code x}. None of these cases reads a record.
 */
class ConsentMappingPartyTest {

  private final ConsentMapping mapping = new ConsentMapping(new FhirRecords(null), ZoneId.of("Europe/Amsterdam"));

  @Test
  void anotherServersOrganisationIsNotOurRecordOfTheSameId() {
    Party party = mapping.party(new Reference("https://elders.example/fhir/Organization/1"));
    assertThat(party.kind()).isEqualTo(PartyKind.ORGANISATION);
    assertThat(party.id()).startsWith("unresolved:");
  }

  @Test
  void anotherServersOrganisationIsNamedByItsUra() {
    Reference reference = new Reference("https://elders.example/fhir/Organization/1")
        .setIdentifier(new Identifier().setSystem(FhirCodes.URA).setValue("00000077"));
    assertThat(mapping.party(reference)).isEqualTo(Party.organisation("00000077"));
  }

  @Test
  void anotherServersProfessionalsAndClientsMatchNobodyHere() {
    for (String type : new String[] {"Practitioner", "PractitionerRole", "Patient", "RelatedPerson"}) {
      Party party = mapping.party(new Reference("http://elders.example/fhir/" + type + "/psychiater-01"));
      assertThat(party.kind()).as(type).isEqualTo(PartyKind.ORGANISATION);
      assertThat(party.id()).as(type).startsWith("unresolved:");
    }
  }

  @Test
  void localReferencesAreOurs() {
    assertThat(mapping.party(new Reference("Practitioner/psychiater-01")))
        .isEqualTo(Party.practitioner("psychiater-01", null));
    assertThat(mapping.party(new Reference("Patient/client-01")).kind()).isEqualTo(PartyKind.PATIENT);
  }
}
