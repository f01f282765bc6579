package nl.sluis.conformance;

import ca.uhn.fhir.context.FhirContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.sluis.server.FhirServerProperties;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.MetadataResource;
import org.hl7.fhir.r4.model.SearchParameter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The extra FHIR packages of {@code hapi.fhir.implementationguides}, read at start-up (a bad one fails the start,
 * naming its key). A resource whose canonical one of our own packages already defines (nl-core extensions we copy)
 * is left out: ours is what the validator uses, so ours stays what is stored; so is a SearchParameter that would
 * redefine a built-in one. A dependency that is neither core R4,
 * ours nor another configured package is a warning naming it: the server starts, and what needs it is not checked.
 */
public record ConfiguredGuides(List<ConfiguredGuide> guides) {

  private static final Logger log = LoggerFactory.getLogger(ConfiguredGuides.class);
  /** Core R4 is always there (HAPI's definitions); nobody installs it as a package. */
  private static final String CORE = "hl7.fhir.r4.core";

  static ConfiguredGuides read(FhirContext ctx, Map<String, FhirServerProperties.ImplementationGuide> specs,
      ConformancePackages ours) {
    Set<String> ourCanonicals = new HashSet<>();
    ours.inDependencyOrder().forEach(p -> p.resources().forEach(r -> canonical(r).ifPresent(ourCanonicals::add)));
    List<ConfiguredGuide> guides = new ArrayList<>();
    specs.forEach((key, spec) -> guides.add(leaveOut(ctx, ConfiguredGuide.read(ctx, key, spec), ourCanonicals)));
    ConfiguredGuides result = new ConfiguredGuides(List.copyOf(guides));
    result.missingDependencies(ours).forEach(log::warn);
    guides.forEach(g -> log.info("FHIR package {} configured as hapi.fhir.implementationguides.{}", g.content(), g.key()));
    return result;
  }

  /** The packages' contents, in configured order (each install is idempotent; order only matters for logs). */
  public List<ConformancePackage> contents() {
    return guides.stream().map(ConfiguredGuide::content).toList();
  }

  /** One sentence per dependency that nothing here provides. */
  List<String> missingDependencies(ConformancePackages ours) {
    Set<String> present = new HashSet<>();
    present.add(CORE);
    ours.inDependencyOrder().forEach(p -> present.add(p.name() + "#" + p.version()));
    guides.forEach(g -> present.add(g.content().name() + "#" + g.content().version()));
    List<String> missing = new ArrayList<>();
    for (ConfiguredGuide g : guides) {
      for (String dependency : g.dependencies()) {
        String name = dependency.contains("#") ? dependency.substring(0, dependency.indexOf('#')) : dependency;
        if (!name.equals(CORE) && !present.contains(dependency)) {
          missing.add("hapi.fhir.implementationguides." + g.key() + " (" + g.content().name() + "#"
              + g.content().version() + ") depends on " + dependency + ", which is not installed (Sluis never "
              + "downloads packages; add it to hapi.fhir.implementationguides): what needs it is not checked");
        }
      }
    }
    return missing;
  }

  /**
   * Leaves out what must not be installed: resources whose canonical ours define, and SearchParameters that would
   * redefine a built-in one (what e.g. {@code Patient?identifier} means is not a package's to change). What was left
   * out is part of the content hash, so a change there installs the package again.
   */
  private static ConfiguredGuide leaveOut(FhirContext ctx, ConfiguredGuide guide, Set<String> ourCanonicals) {
    ConformancePackage c = guide.content();
    List<IBaseResource> kept = new ArrayList<>();
    List<String> left = new ArrayList<>();
    for (IBaseResource r : c.resources()) {
      java.util.Optional<String> url = canonical(r);
      java.util.Optional<String> builtIn = r instanceof SearchParameter sp
          ? SearchParameterGuard.builtInRedefined(ctx, sp) : java.util.Optional.empty();
      if (url.isPresent() && ourCanonicals.contains(url.get())) {
        left.add(url.get());
      } else if (builtIn.isPresent()) {
        log.warn("hapi.fhir.implementationguides.{}: SearchParameter {} would redefine the built-in {}; not installed",
            guide.key(), url.orElse(r.getIdElement().getIdPart()), builtIn.get());
        left.add(url.orElse(r.getIdElement().getIdPart()));
      } else {
        kept.add(r);
      }
    }
    if (left.isEmpty()) {
      return guide;
    }
    log.info("{}: {} resources not installed (Sluis defines the same canonical, or a built-in is redefined): {}",
        c.name(), left.size(), String.join(", ", left));
    String hash = ConfiguredGuide.sha256Hex(c.contentHash() + "|" + String.join("|", left.stream().sorted().toList()));
    return new ConfiguredGuide(guide.key(), new ConformancePackage(c.name(), c.version(), List.copyOf(kept), hash),
        guide.dependencies(), guide.canonical());
  }

  private static java.util.Optional<String> canonical(IBaseResource r) {
    return r instanceof MetadataResource m && m.hasUrl() ? java.util.Optional.of(m.getUrl()) : java.util.Optional.empty();
  }
}
