package nl.sluis.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.ParserOptions;
import ca.uhn.fhir.parser.IParser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.StringType;

/**
 * The hash chain's arithmetic. An event's hash is SHA-256 over its canonical form: the compact FHIR JSON
 * of the event without id, meta and text (which storage assigns or may change) and without the hash
 * extension itself, but <em>with</em> the sequence number and the previous event's hash. Changing any
 * recorded field, or the order of events, therefore changes a hash that a later event depends on.
 */
final class AuditChainHash {

  static final String SEQUENCE_URL = "http://sluis.nl/fhir/StructureDefinition/audit-chain-sequence";
  static final String PREVIOUS_URL = "http://sluis.nl/fhir/StructureDefinition/audit-chain-previous-hash";
  static final String HASH_URL = "http://sluis.nl/fhir/StructureDefinition/audit-chain-hash";
  /** The predecessor of the first event. */
  static final String GENESIS = "0".repeat(64);

  private final FhirContext fhir;
  /** Encodes sealed events: the server's own model, without the search for resources to contain (below). */
  private final FhirContext canonical;

  AuditChainHash(FhirContext fhir) {
    this.fhir = fhir;
    this.canonical = withoutAutoContainment(fhir);
  }

  /**
   * HAPI's encoder walks every element of a resource looking for referenced resources without an id to contain
   * (a sixth of an audit event's encoding on the audit writer, which holds the chain's lock meanwhile). An audit
   * event's references are strings and identifiers only, never resource objects, so the walk never finds one; a
   * context of its own (the option is per context) leaves it out. Its other parser options are the server's.
   */
  private static FhirContext withoutAutoContainment(FhirContext fhir) {
    FhirContext own = new FhirContext(fhir.getVersion().getVersion());
    ParserOptions from = fhir.getParserOptions();
    own.getParserOptions().setStripVersionsFromReferences(from.isStripVersionsFromReferences())
        .setOverrideResourceIdWithBundleEntryFullUrl(from.isOverrideResourceIdWithBundleEntryFullUrl())
        .setDontStripVersionsFromReferencesAtPaths(from.getDontStripVersionsFromReferencesAtPaths())
        .setAutoContainReferenceTargetsWithNoId(false);
    return own;
  }

  /** A sealed event's canonical form (the exact text that was hashed) and its hash. */
  record Sealed(String canonicalJson, String hash) {}

  /**
   * Puts sequence and previous hash on the event, hashes its canonical form, then puts the hash on it too.
   * Returns the canonical form, which is what the log stores: one encoding per event, and verification
   * hashes the stored text itself.
   */
  Sealed seal(AuditEvent event, long sequence, String previousHash) {
    // The sequence is a string: valueInteger would overflow after 2^31 events.
    event.addExtension(SEQUENCE_URL, new StringType(Long.toString(sequence)));
    event.addExtension(PREVIOUS_URL, new StringType(previousHash));
    // The canonical form leaves out id, meta and text: stripped for the encoding, then put back.
    IdType id = event.getIdElement();
    Meta meta = event.getMeta();
    Narrative text = event.getText();
    String canonicalJson;
    try {
      event.setIdElement(null);
      event.setMeta(null);
      event.setText(null);
      canonicalJson = canonical.newJsonParser().setPrettyPrint(false).encodeResourceToString(event);
    } finally {
      event.setIdElement(id);
      event.setMeta(meta);
      event.setText(text);
    }
    String hash = sha256(canonicalJson);
    event.addExtension(HASH_URL, new StringType(hash));
    return new Sealed(canonicalJson, hash);
  }

  /**
   * Recomputes the hash of an event stored whole (by earlier versions), ignoring its hash extension; the
   * event is thrown away afterwards (verification): it is stripped in place.
   */
  String hashOfDiscarded(AuditEvent canonical) {
    canonical.setIdElement(null);
    canonical.setMeta(null);
    canonical.setText(null);
    canonical.getExtension().removeIf(e -> HASH_URL.equals(e.getUrl()));
    IParser parser = fhir.newJsonParser().setPrettyPrint(false);
    return sha256(parser.encodeResourceToString(canonical));
  }

  static Optional<String> value(AuditEvent event, String url) {
    Extension extension = event.getExtensionByUrl(url);
    return extension == null || extension.getValue() == null
        ? Optional.empty() : Optional.ofNullable(extension.getValue().primitiveValue());
  }

  static Optional<Long> sequence(AuditEvent event) {
    try {
      return value(event, SEQUENCE_URL).map(Long::parseLong);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
