package nl.sluis.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.Date;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * The verifier's quick path (no HAPI model) must accept what the writer sealed (and what earlier
 * versions stored whole) — else every row would silently take the slow path — and must never accept a changed row.
 */
class AuditChainVerifierTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  @Test
  void theQuickPathAcceptsAnEventStoredWholeByEarlierVersionsAndNothingChanged() {
    AuditEvent event = event();
    new AuditChainHash(FHIR).seal(event, 7, AuditChainHash.GENESIS);
    String hash = AuditChainHash.value(event, AuditChainHash.HASH_URL).orElseThrow();
    String json = FHIR.newJsonParser().encodeResourceToString(event);

    AuditChainVerifier.Sealed sealed = AuditChainVerifier.quickly(new AuditLog.Entry(7, hash, json));
    assertThat(sealed).isNotNull();
    assertThat(sealed.canonical()).isFalse();
    assertThat(sealed.computed()).isEqualTo(hash);
    assertThat(sealed.hash()).isEqualTo(hash);
    assertThat(sealed.ownSequence()).isEqualTo(7);
    assertThat(sealed.previous()).isEqualTo(AuditChainHash.GENESIS);

    AuditChainVerifier.Sealed changed = AuditChainVerifier.quickly(
        new AuditLog.Entry(7, hash, json.replace("\"deny\"", "\"permit\"")));
    assertThat(changed.computed()).isNotEqualTo(hash);
    String duplicate = json.replace("\"outcomeDesc\":\"deny\"", "\"outcomeDesc\":\"deny\",\"outcomeDesc\":\"permit\"");
    assertThat(AuditChainVerifier.quickly(new AuditLog.Entry(7, hash, duplicate))).isNull();
  }

  @Test
  void theLogStoresTheHashedTextAndServesTheEventWhole() {
    AuditEvent event = event();
    AuditChainHash.Sealed sealed = new AuditChainHash(FHIR).seal(event, 7, AuditChainHash.GENESIS);
    assertThat(AuditChainHash.value(event, AuditChainHash.HASH_URL)).hasValue(sealed.hash());
    assertThat(sealed.hash()).isEqualTo(AuditChainHash.sha256(sealed.canonicalJson()));
    assertThat(sealed.canonicalJson()).doesNotContain("\"meta\"").doesNotContain(AuditChainHash.HASH_URL)
        .contains(AuditChainHash.SEQUENCE_URL);
    assertThat(event.getMeta().getProfile()).as("sealing keeps the event's meta").hasSize(1);

    AuditChainVerifier.Sealed row = AuditChainVerifier.quickly(new AuditLog.Entry(7, sealed.hash(),
        sealed.canonicalJson()));
    assertThat(row.canonical()).isTrue();
    assertThat(row.computed()).isEqualTo(sealed.hash());
    assertThat(row.ownSequence()).isEqualTo(7);
    assertThat(row.previous()).isEqualTo(AuditChainHash.GENESIS);
    // Any change to the stored text, even one a re-encoding would undo, breaks the hash.
    assertThat(AuditChainVerifier.quickly(new AuditLog.Entry(7, sealed.hash(),
        sealed.canonicalJson().replace("\"deny\"", "\"permit\""))).computed()).isNotEqualTo(sealed.hash());
    assertThat(AuditChainVerifier.quickly(new AuditLog.Entry(7, sealed.hash(),
        sealed.canonicalJson().replace(",", ", "))).computed()).isNotEqualTo(sealed.hash());

    // Served as the whole sealed event, as rows of earlier versions (the event stored whole) are.
    String whole = FHIR.newJsonParser().encodeResourceToString(event);
    AuditEvent fromCanonical = AuditLog.event(new AuditLog.Entry(7, sealed.hash(), sealed.canonicalJson()),
        FHIR.newJsonParser());
    AuditEvent fromWhole = AuditLog.event(new AuditLog.Entry(7, sealed.hash(), whole), FHIR.newJsonParser());
    assertThat(FHIR.newJsonParser().encodeResourceToString(fromCanonical))
        .isEqualTo(FHIR.newJsonParser().encodeResourceToString(fromWhole));
    assertThat(AuditChainHash.value(fromCanonical, AuditChainHash.HASH_URL)).hasValue(sealed.hash());
  }

  /**
   * The writer encodes with a context of its own that skips HAPI's search for resources to contain: the text it
   * hashes and stores must be exactly what the server's own context would encode.
   */
  @Test
  void theCanonicalFormIsWhatTheServersOwnContextEncodes() {
    AuditEvent event = richEvent();
    AuditChainHash.Sealed sealed = new AuditChainHash(FHIR).seal(event, 12, "ab".repeat(32));

    AuditEvent copy = event.copy();
    copy.setIdElement(null);
    copy.setMeta(null);
    copy.setText(null);
    copy.getExtension().removeIf(e -> AuditChainHash.HASH_URL.equals(e.getUrl()));
    assertThat(sealed.canonicalJson())
        .isEqualTo(FHIR.newJsonParser().setPrettyPrint(false).encodeResourceToString(copy))
        .contains("Organization/9").contains("00000002").contains("#inline");
  }

  private static AuditEvent richEvent() {
    AuditEvent event = event();
    event.setId("AuditEvent/5");
    event.getText().setStatus(org.hl7.fhir.r4.model.Narrative.NarrativeStatus.GENERATED).setDivAsString("<div>x</div>");
    event.addSubtype(new Coding("http://hl7.org/fhir/restful-interaction", "read", "read"));
    event.addEntity().setWhat(new Reference("Observation/4/_history/2"));
    event.addPurposeOfEvent().addCoding(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActReason", "TREAT", null));
    event.getPeriod().setStart(new Date(0)).setEnd(new Date(1000));
    AuditEvent.AuditEventAgentComponent agent = event.addAgent().setRequestor(true)
        .setWho(new Reference("Organization/9").setIdentifier(new org.hl7.fhir.r4.model.Identifier()
            .setSystem("http://fhir.nl/fhir/NamingSystem/ura").setValue("00000002")).setDisplay("GP practice"));
    agent.addRole().addCoding(new Coding("http://fhir.nl/fhir/NamingSystem/uzi-rolcode", "01.015", null));
    agent.getNetwork().setAddress("127.0.0.1").setType(AuditEvent.AuditEventAgentNetworkType._2);
    event.getSource().setSite("sluis").setObserver(new Reference("Device/sluis"));
    AuditEvent.AuditEventEntityComponent entity = event.addEntity()
        .setWhat(new Reference("#inline").setType("Consent"))
        .setDescription("about Observation/4/_history/2")
        .setType(new Coding(AuditCodes.RESOURCE_TYPES, "Consent", null))
        .setRole(new Coding(AuditCodes.OBJECT_ROLE, "13", null));
    entity.setQuery("Patient?identifier=1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    entity.addDetail().setType("basis").setValue(new org.hl7.fhir.r4.model.StringType("consent"));
    entity.addExtension(AuditCodes.LEGAL_GROUND_EXTENSION, new Coding("urn:example", "wgbo-7-457", null));
    entity.addSecurityLabel(new Coding("http://terminology.hl7.org/CodeSystem/v3-Confidentiality", "V", null));
    return event;
  }

  private static AuditEvent event() {
    AuditEvent event = new AuditEvent();
    event.getMeta().addProfile(AuditCodes.PROFILE);
    event.setType(new Coding(AuditCodes.EVENT_TYPE, "rest", "RESTful Operation"));
    event.setRecorded(new Date());
    event.setOutcome(AuditEvent.AuditEventOutcome._4);
    event.setOutcomeDesc("deny");
    event.addEntity().setWhat(new Reference("Patient/1")).setRole(new Coding(AuditCodes.OBJECT_ROLE, "1", null))
        .setDescription("Naïve \"quote\" / <tag> € \u2028 \\ tab\t");
    return event;
  }
}
