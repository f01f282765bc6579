package nl.sluis.bench;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import nl.sluis.dataset.ConsentRule;
import nl.sluis.dataset.DataSet;
import nl.sluis.dataset.DataSetSpec;
import nl.sluis.dataset.GeneratedClient;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The benchmark's data set: the generated GGZ organisation of {@code nl.sluis.dataset} (the one data model of the
 * demo, the tests and the benchmarks), whose client consents name the benchmark's external organisation
 * ({@link BenchTokens#EXTERNAL_URA}) as recipient, plus a few clients of {@link #OTHER_PRACTICE_CLIENTS} whose
 * consents name another GP practice ({@link #OTHER_PRACTICE_URA}): the external requester must not see those.
 * Which clients the external requester may see is decided here from the generated Consent resources and the WGBO
 * rule for the client's age on the day of the run ({@link ConsentRule}), not by asking the server.
 */
final class BenchDataSet {

  static final String BSN_SYSTEM = "http://fhir.nl/fhir/NamingSystem/bsn";
  static final String URA_SYSTEM = "http://fhir.nl/fhir/NamingSystem/ura";
  /** The GP practice the few other clients consented to share with: not the benchmark's external requester. */
  static final String OTHER_PRACTICE_URA = "00000003";
  static final int OTHER_PRACTICE_CLIENTS = 10;
  /** Seed offset of the other practice's clients: ids (and BSNs) differ from the main set's. */
  static final long OTHER_PRACTICE_SEED_OFFSET = 1_000_000L;

  /** A client as the measured operations need it: id, BSN and one of its Observations as a create body. */
  record BenchClient(String id, String bsn, String observationJson) {}

  final DataSetSpec spec;
  final DataSetSpec otherPracticeSpec;
  /** The day the external requester's reads are judged on (the server's today). */
  final LocalDate day;
  /** Clients whose consent lets the external requester read their Patient and Observations for TREAT today. */
  final List<BenchClient> consented = new ArrayList<>();
  /** Clients of the main set whose consent does not hold today (age on the day, not yet started). */
  final List<BenchClient> notConsentedToday = new ArrayList<>();
  /** Clients whose consent names another GP practice: the external requester sees none of their data. */
  final List<BenchClient> otherPractice = new ArrayList<>();
  /** Resources of both sets by type, as loaded. */
  final Map<String, Integer> resourcesByType = new TreeMap<>();
  /** Main-set clients per consent rule (who consented), for the report. */
  final Map<ConsentRule, Integer> clientsByRule = new TreeMap<>();

  private final FhirContext fhir = FhirContext.forR4Cached();

  BenchDataSet(int clients, long seed, int bundleEntries, LocalDate day) {
    this.spec = new DataSetSpec(clients, seed, DataSetSpec.DEFAULT_AS_OF, BenchTokens.OWN_URA,
        BenchTokens.EXTERNAL_URA, bundleEntries);
    this.otherPracticeSpec = new DataSetSpec(OTHER_PRACTICE_CLIENTS, seed + OTHER_PRACTICE_SEED_OFFSET,
        DataSetSpec.DEFAULT_AS_OF, BenchTokens.OWN_URA, OTHER_PRACTICE_URA, bundleEntries);
    this.day = day;
    IParser json = fhir.newJsonParser().setPrettyPrint(false);
    DataSet main = new DataSet(spec, fhir);
    count(main.organisationResources());
    for (int i = 0; i < spec.clients(); i++) {
      GeneratedClient client = main.client(i);
      count(client.resources());
      clientsByRule.merge(client.consentRule(), 1, Integer::sum);
      (permits(client, BenchTokens.EXTERNAL_URA, day) ? consented : notConsentedToday).add(benchClient(client, json));
    }
    DataSet other = new DataSet(otherPracticeSpec, fhir);
    count(other.organisationResources());
    for (int i = 0; i < otherPracticeSpec.clients(); i++) {
      GeneratedClient client = other.client(i);
      count(client.resources());
      if (permits(client, BenchTokens.EXTERNAL_URA, day)) {
        throw new IllegalStateException("Client " + client.patient().getIdPart() + " of the other practice has a"
            + " consent for " + BenchTokens.EXTERNAL_URA);
      }
      otherPractice.add(benchClient(client, json));
    }
    if (consented.isEmpty()) {
      throw new IllegalStateException("No generated client's consent holds for URA " + BenchTokens.EXTERNAL_URA
          + " on " + day);
    }
  }

  int clients() {
    return spec.clients() + otherPracticeSpec.clients();
  }

  int resources() {
    return resourcesByType.values().stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * Writes both sets' transaction bundles to {@code dir} (emptied first) in BundleLoader's phase order; the other
   * practice's files load in the same phases as the main set's (their ids never meet).
   */
  List<Path> writeBundles(Path dir) throws IOException {
    deleteRecursively(dir);
    Files.createDirectories(dir);
    write(new DataSet(spec, fhir), dir, "");
    write(new DataSet(otherPracticeSpec, fhir), dir, "other-practice-");
    return nl.sluis.dataset.BundleLoader.bundleFiles(dir);
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  private static void write(DataSet dataSet, Path dir, String infix) {
    dataSet.bundles(file -> {
      // "2-clients-00003.json" -> "2-other-practice-clients-00003.json": same phase digits, another name
      String name = file.name();
      int dash = name.indexOf('-');
      try {
        Files.write(dir.resolve(name.substring(0, dash + 1) + infix + name.substring(dash + 1)), file.json());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  private void count(List<? extends Resource> resources) {
    for (Resource resource : resources) {
      resourcesByType.merge(resource.fhirType(), 1, Integer::sum);
    }
  }

  private static BenchClient benchClient(GeneratedClient client, IParser json) {
    Observation observation = client.resources().stream().filter(Observation.class::isInstance)
        .map(Observation.class::cast).findFirst()
        .orElseThrow(() -> new IllegalStateException("client " + client.index() + " has no Observation"))
        .copy();
    observation.setIdElement(null);
    return new BenchClient(client.patient().getIdPart(), client.bsn(), json.encodeResourceToString(observation));
  }

  /**
   * Whether one of the client's generated consents lets organisation {@code ura} read the client's Patient and
   * Observations for treatment on {@code day}: an active client consent (permit, disclose, purpose TREAT, classes
   * Patient and Observation, recipient {@code ura}, period covering the day) given by whom the WGBO requires at the
   * client's age on that day (parents under 12, client and parents 12–15, the client from 16: {@link ConsentRule},
   * the server's default minor-consent-mode "both"); extra co-signers do not matter.
   */
  static boolean permits(GeneratedClient client, String ura, LocalDate day) {
    String patient = "Patient/" + client.patient().getIdPart();
    if (day.isBefore(client.birthDate())) {
      return false;
    }
    ConsentRule required = ConsentRule.forAge(Period.between(client.birthDate(), day).getYears());
    for (Resource resource : client.resources()) {
      if (!(resource instanceof Consent consent) || consent.getStatus() != Consent.ConsentState.ACTIVE
          || !hasCode(consent.getCategory(), "client-consent")) {
        continue;
      }
      Consent.ProvisionComponent provision = consent.getProvision();
      boolean recipient = provision.getActor().stream().anyMatch(actor -> actor.getReference().hasIdentifier()
          && URA_SYSTEM.equals(actor.getReference().getIdentifier().getSystem())
          && ura.equals(actor.getReference().getIdentifier().getValue()));
      boolean covers = provision.getType() == Consent.ConsentProvisionType.PERMIT && recipient
          && hasCode(provision.getAction(), "disclose")
          && provision.getPurpose().stream().anyMatch(p -> "TREAT".equals(p.getCode()))
          && provision.getClass_().stream().anyMatch(c -> "Patient".equals(c.getCode()))
          && provision.getClass_().stream().anyMatch(c -> "Observation".equals(c.getCode()))
          && inPeriod(provision.getPeriod(), day);
      if (!covers) {
        continue;
      }
      List<String> performers = consent.getPerformer().stream().map(Reference::getReference).toList();
      boolean byClient = performers.contains(patient);
      boolean byParent = performers.stream().anyMatch(p -> p != null && p.startsWith("RelatedPerson/"));
      if ((!required.client() || byClient) && (!required.parents() || byParent)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasCode(List<CodeableConcept> concepts, String code) {
    return concepts.stream().flatMap(c -> c.getCoding().stream()).map(Coding::getCode).anyMatch(code::equals);
  }

  private static boolean inPeriod(org.hl7.fhir.r4.model.Period period, LocalDate day) {
    String start = period.getStartElement().getValueAsString();
    String end = period.getEndElement().getValueAsString();
    return (start == null || !LocalDate.parse(start.substring(0, 10)).isAfter(day))
        && (end == null || !LocalDate.parse(end.substring(0, 10)).isBefore(day));
  }
}
