package nl.sluis.dataset;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

/**
 * A generated GGZ organisation as transaction bundles: first the organisations, then the professionals and their
 * roles, then the clients, each client's record whole in one bundle. Every entry is a PUT of a fixed id, so
 * the bundles can be loaded in this order by any number of loaders per phase, and loading them twice changes
 * nothing but versions.
 */
public final class DataSet {

  /** A bundle as written: its file name (phase first, so names sort in load order), entry count and JSON. */
  public record BundleFile(String name, int entries, byte[] json) {}

  private final DataSetSpec spec;
  private final FhirContext fhir;
  private final Organisation organisation;
  private final ClientGenerator clients;

  public DataSet(DataSetSpec spec, FhirContext fhir) {
    this.spec = spec;
    this.fhir = fhir;
    this.organisation = new Organisation(spec, new UziRoles(fhir));
    this.clients = new ClientGenerator(spec, organisation);
  }

  public DataSetSpec spec() {
    return spec;
  }

  /** Client {@code index} (0-based) with its whole record. */
  public GeneratedClient client(int index) {
    if (index < 0 || index >= spec.clients()) {
      throw new IllegalArgumentException("client " + index + " outside 0.." + (spec.clients() - 1));
    }
    return clients.generate(index);
  }

  /** The organisation's resources (organisations, practitioners, roles) in write order. */
  public List<Resource> organisationResources() {
    return organisation.resources();
  }

  /**
   * Writes every bundle, in load order, to {@code sink}. The phase before the first '-' of a file name says what may
   * run side by side: 0 the organisations, 1 the professionals (who refer to them), 2 the clients (who refer to
   * professionals); files of one phase never refer to each other.
   */
  public void bundles(Consumer<BundleFile> sink) {
    List<Resource> organisations = new ArrayList<>();
    List<Resource> professionals = new ArrayList<>();
    for (Resource resource : organisation.resources()) {
      (resource instanceof org.hl7.fhir.r4.model.Organization ? organisations : professionals).add(resource);
    }
    sink.accept(bundle("0-organisations.json", organisations));
    int part = 0;
    List<Resource> pending = new ArrayList<>();
    for (Resource resource : professionals) {
      // a Practitioner and its role stay together: cut only before a Practitioner
      if (pending.size() >= spec.bundleEntries() - 1 && resource instanceof org.hl7.fhir.r4.model.Practitioner) {
        sink.accept(bundle(String.format(java.util.Locale.ROOT, "1-professionals-%03d.json", part++), pending));
        pending.clear();
      }
      pending.add(resource);
    }
    sink.accept(bundle(String.format(java.util.Locale.ROOT, "1-professionals-%03d.json", part), pending));
    pending.clear();
    part = 0;
    for (int i = 0; i < spec.clients(); i++) {
      List<Resource> record = clients.generate(i).resources();
      if (!pending.isEmpty() && pending.size() + record.size() > spec.bundleEntries()) {
        sink.accept(bundle(String.format(java.util.Locale.ROOT, "2-clients-%05d.json", part++), pending));
        pending.clear();
      }
      pending.addAll(record);
    }
    if (!pending.isEmpty()) {
      sink.accept(bundle(String.format(java.util.Locale.ROOT, "2-clients-%05d.json", part), pending));
    }
  }

  private BundleFile bundle(String name, List<Resource> resources) {
    Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
    for (Resource resource : resources) {
      String path = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
      bundle.addEntry()
          .setFullUrl("urn:uuid:" + UUID.nameUUIDFromBytes(path.getBytes(StandardCharsets.UTF_8)))
          .setResource(resource)
          .getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(path);
    }
    IParser parser = fhir.newJsonParser().setPrettyPrint(false);
    return new BundleFile(name, resources.size(), parser.encodeResourceToString(bundle)
        .getBytes(StandardCharsets.UTF_8));
  }
}
