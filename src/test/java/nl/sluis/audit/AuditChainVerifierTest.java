package nl.sluis.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.Date;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

/**
 * The verifier's quick path (no HAPI model) must accept what the writer sealed — else every row would
 * silently take the slow path — and must never accept a changed row.
 */
class AuditChainVerifierTest {

  private static final FhirContext FHIR = FhirContext.forR4Cached();

  @Test
  void theQuickPathAcceptsASealedEventAndNothingChanged() {
    AuditEvent event = new AuditEvent();
    event.getMeta().addProfile(AuditCodes.PROFILE);
    event.setType(new Coding(AuditCodes.EVENT_TYPE, "rest", "RESTful Operation"));
    event.setRecorded(new Date());
    event.setOutcome(AuditEvent.AuditEventOutcome._4);
    event.setOutcomeDesc("deny");
    event.addEntity().setWhat(new Reference("Patient/1")).setRole(new Coding(AuditCodes.OBJECT_ROLE, "1", null))
        .setDescription("Naïve \"quote\" / <tag> € \u2028 \\ tab\t");
    new AuditChainHash(FHIR).seal(event, 7, AuditChainHash.GENESIS);
    String hash = AuditChainHash.value(event, AuditChainHash.HASH_URL).orElseThrow();
    String json = FHIR.newJsonParser().encodeResourceToString(event);

    AuditChainVerifier.Sealed sealed = AuditChainVerifier.quickly(new AuditLog.Entry(7, hash, json));
    assertThat(sealed).isNotNull();
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
}
