package nl.sluis.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.sluis.disclosure.engine.Actor;
import nl.sluis.disclosure.engine.CapacityJudgement;
import nl.sluis.disclosure.engine.ClientFacts;
import nl.sluis.disclosure.engine.DateRange;
import nl.sluis.disclosure.engine.DisclosureEngine;
import nl.sluis.disclosure.engine.Ground;
import nl.sluis.disclosure.engine.GroundStatus;
import nl.sluis.disclosure.engine.LegalGroundCode;
import nl.sluis.disclosure.engine.LegalRepresentative;
import nl.sluis.disclosure.engine.OrganisationPolicy;
import nl.sluis.disclosure.engine.Party;
import nl.sluis.disclosure.engine.Provision;
import nl.sluis.disclosure.engine.Requester;
import nl.sluis.disclosure.engine.ResourceFacts;
import nl.sluis.disclosure.engine.SecurityLabel;
import nl.sluis.disclosure.engine.Weighing;
import nl.sluis.disclosure.engine.WeighingType;
import org.junit.jupiter.api.Test;

/** The compact form of a client's decision inputs decodes to the same inputs, and to nothing it should not. */
class ClientRecordCodecTest {

  private static final LocalDate TODAY = LocalDate.of(2026, 12, 4);
  private static final long GLOBAL = 8_123_456_789L;

  /** Every field the engine reads, nested provisions, both ground kinds, a minor with representatives. */
  private static ClientRecord record() {
    ClientFacts facts = new ClientFacts("c-1", LocalDate.of(2012, 3, 9), Set.of("prac-1", "role-7"), List.of(
        LegalRepresentative.parentWithAuthority("rp-mother"),
        new LegalRepresentative("rp-father", LegalRepresentative.Relationship.PARENT, false)), List.of(
        new CapacityJudgement("Observation/cap-1", CapacityJudgement.INFORMATION_SHARING,
            DateRange.of(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31)), "PractitionerRole/r1",
            LocalDate.of(2025, 12, 20), List.of("rp-mother")),
        new CapacityJudgement("Observation/cap-2", "treatment", DateRange.from(LocalDate.of(2026, 2, 1)),
            "Practitioner/prac-1", LocalDate.of(2026, 2, 1), List.of())));
    Ground consent = Ground.clientConsent("Consent/11").status(GroundStatus.ACTIVE).client("c-1")
        .performer(Party.patient("c-1")).performer(Party.relatedPerson("rp-mother"))
        .recorded(Instant.parse("2026-01-02T03:04:05.678Z")).period(DateRange.of(TODAY.minusDays(30), null))
        .provision(Provision.deny().nested(Provision.permit().recipient(Party.organisation("00000002"))
            .actor(new Actor("PRCP", Party.practitioner("gp-1", "01.015"))).actions("disclose", "access")
            .purposes("TREAT", "COC").classes("Observation", "Condition")
            .categories("treatment", "http://example.org/unknown|x")
            .dataPeriod(DateRange.of(LocalDate.of(2025, 1, 1), LocalDate.of(2026, 12, 31)))
            .nested(Provision.deny().labels(new SecurityLabel("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "V"))
                .data("Observation/secret"))))
        .build();
    Ground legal = Ground.legalGround("Consent/12", LegalGroundCode.CONFLICT_OF_DUTIES).status(GroundStatus.INACTIVE)
        .client("c-1").performer(Party.practitioner("prac-1", "01.035")).weighing(new Weighing("QuestionnaireResponse/d1", WeighingType.CONFLICT_OF_DUTIES, true, false,
            Instant.parse("2026-01-01T10:00:00Z"), "01.035"))
        .period(DateRange.of(TODAY.minusDays(3), TODAY.plusDays(4)))
        .provision(Provision.permit().recipient(Party.organisation("00000003")).purposes("THREAT")
            .data("Observation/o1"))
        .build();
    return new ClientRecord(facts, List.of(consent, legal), "999911120",
        Map.of("Consent/12", new ClientRecord.PolicyRule("conflict-of-duties", "Conflict van plichten")));
  }

  @Test
  void decodesToTheSameInputs() {
    ClientRecord original = record();
    ClientRecord decoded = ClientRecordCodec.decode(ClientRecordCodec.encode(original, GLOBAL), GLOBAL).orElseThrow();
    assertThat(decoded.facts()).isEqualTo(original.facts());
    assertThat(decoded.bsn()).isEqualTo(original.bsn());
    assertThat(decoded.policyRules()).isEqualTo(original.policyRules());
    assertThat(decoded.grounds()).hasSameSizeAs(original.grounds());
    for (int i = 0; i < original.grounds().size(); i++) {
      Ground a = original.grounds().get(i);
      Ground b = decoded.grounds().get(i);
      assertThat(List.of(b.id(), b.kind(), String.valueOf(b.legalGroundCode()), b.status(), b.clientId(), b.performers(),
          String.valueOf(b.recorded()), String.valueOf(b.period()), String.valueOf(b.deliberationReference()), String.valueOf(b.weighing()), b.provision()))
          .isEqualTo(List.of(a.id(), a.kind(), String.valueOf(a.legalGroundCode()), a.status(), a.clientId(), a.performers(),
              String.valueOf(a.recorded()), String.valueOf(a.period()), String.valueOf(a.deliberationReference()), String.valueOf(a.weighing()), a.provision()));
    }
  }

  @Test
  void theEngineDecidesTheSameOnDecodedInputs() {
    ClientRecord original = record();
    ClientRecord decoded = ClientRecordCodec.decode(ClientRecordCodec.encode(original, GLOBAL), GLOBAL).orElseThrow();
    DisclosureEngine engine = new DisclosureEngine(OrganisationPolicy.defaults("00000001")
        .withLegalGroundRoles("01.035").withAcceptedExternalPurposes("TREAT", "COC", "THREAT"));
    List<Requester> requesters = List.of(
        Requester.external("00000002", "gp-1", "01.015", "TREAT"),
        Requester.external("00000003", "vt-1", "01.015", "THREAT"),
        Requester.external("00000009", "x", "01.015", "TREAT"),
        Requester.internal("00000001", "prac-1", "01.035", "TREAT"),
        Requester.relatedPerson("rp-mother"));
    List<ResourceFacts> resources = List.of(
        ResourceFacts.of("Observation", "o1", "c-1", LocalDate.of(2026, 5, 1)),
        ResourceFacts.of("Observation", "secret", "c-1", LocalDate.of(2026, 5, 1)),
        ResourceFacts.of("Condition", "k1", "c-1", LocalDate.of(2024, 5, 1)),
        ResourceFacts.of("Observation", "o2", "c-1", LocalDate.of(2026, 5, 1))
            .withCategories(nl.sluis.disclosure.engine.DataCategory.TREATMENT));
    for (Requester requester : requesters) {
      for (ResourceFacts resource : resources) {
        assertThat(engine.decide(requester, resource, decoded.facts(), decoded.grounds(), TODAY).toString())
            .as(requester + " " + resource)
            .isEqualTo(engine.decide(requester, resource, original.facts(), original.grounds(), TODAY).toString());
      }
    }
  }

  @Test
  void isNotUsedUnderAnotherGlobalTokenNorInAnotherForm() {
    String stored = ClientRecordCodec.encode(record(), GLOBAL);
    assertThat(ClientRecordCodec.decode(stored, GLOBAL + 1)).isEmpty();
    assertThat(ClientRecordCodec.decode("{\"resourceType\":\"Bundle\",\"type\":\"collection\"}", GLOBAL)).isEmpty();
    assertThat(ClientRecordCodec.decode(stored.replace("\"format\":" + ClientRecordCodec.FORMAT + ",", "\"format\":1,"), GLOBAL)).isEmpty();
    assertThat(ClientRecordCodec.decode(stored.substring(0, stored.length() / 2), GLOBAL)).isEmpty();
    assertThat(ClientRecordCodec.decode(null, GLOBAL)).isEmpty();
  }
}
