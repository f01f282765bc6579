package nl.sluis.disclosure;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.sluis.disclosure.engine.ClientFacts;
import nl.sluis.disclosure.engine.DateRange;
import nl.sluis.disclosure.engine.Ground;
import nl.sluis.disclosure.engine.GroundKind;
import nl.sluis.disclosure.engine.GroundStatus;
import nl.sluis.disclosure.engine.LegalGroundCode;
import nl.sluis.disclosure.engine.Party;
import nl.sluis.disclosure.engine.Provision;
import nl.sluis.disclosure.engine.Weighing;

/**
 * A client's decision inputs ({@link ClientRecord}) in compact form: the engine's own values as JSON, not
 * the FHIR resources they were derived from, so a node that has not cached the client decodes one small
 * row instead of searching and parsing four resource types. Part of what a ClientRecord holds is derived
 * from organisation-wide records (PractitionerRoles, Organizations: the global scope), so the form carries
 * the global change token it was derived under and is used only under that same token.
 */
final class ClientRecordCodec {

  /** Bumped when the form changes; other versions (and the FHIR snapshots before this form) are not read.
   * 2: provisions carry their data categories (Consent.provision.code). 3: client facts carry capacity judgements.
   * 4: legal grounds carry their weighing. 5: an absolute reference (another server's) names no local party or
   * care-team member, so forms derived before are derived again. */
  static final int FORMAT = 5;
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      // The engine's records only: their components, never derived accessors.
      .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
      .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
      .setSerializationInclusion(JsonInclude.Include.NON_NULL)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private record Form(int format, long global, ClientFacts facts, List<GroundForm> grounds, String bsn,
      Map<String, ClientRecord.PolicyRule> policyRules) {}

  /** {@link Ground} is built by its builder (it compiles its provisions); these are its recorded values. */
  private record GroundForm(String id, GroundKind kind, LegalGroundCode legalGroundCode, GroundStatus status,
      String clientId, List<Party> performers, Instant recorded, DateRange period, String deliberationReference,
      Weighing weighing, Provision provision) {

    static GroundForm of(Ground ground) {
      return new GroundForm(ground.id(), ground.kind(), ground.legalGroundCode(), ground.status(),
          ground.clientId(), ground.performers(), ground.recorded(), ground.period(),
          ground.deliberationReference(), ground.weighing(), ground.provision());
    }

    Ground toGround() {
      Ground.Builder builder = kind == GroundKind.LEGAL_GROUND ? Ground.legalGround(id, legalGroundCode)
          : Ground.clientConsent(id);
      builder.status(status).client(clientId).recorded(recorded).period(period).deliberation(deliberationReference)
          .weighing(weighing).provision(provision);
      performers.forEach(builder::performer);
      return builder.build();
    }
  }

  static String encode(ClientRecord record, long global) {
    try {
      return JSON.writeValueAsString(new Form(FORMAT, global, record.facts(),
          record.grounds().stream().map(GroundForm::of).toList(), record.bsn(), record.policyRules()));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a client record could not be encoded", e);
    }
  }

  /**
   * The record, if the stored form is this format and was derived under {@code global}; empty otherwise
   * (an older form, a FHIR snapshot, another global token): then the caller derives it from the records.
   */
  static Optional<ClientRecord> decode(String stored, long global) {
    if (stored == null || !stored.startsWith("{\"format\":" + FORMAT + ",")) {
      return Optional.empty();
    }
    try {
      Form form = JSON.readValue(stored, Form.class);
      if (form.global() != global) {
        return Optional.empty();
      }
      return Optional.of(new ClientRecord(form.facts(), form.grounds().stream().map(GroundForm::toGround).toList(),
          form.bsn(), form.policyRules()));
    } catch (JsonProcessingException | RuntimeException e) {
      return Optional.empty(); // unreadable: derived again from the records, which are the truth
    }
  }
}
