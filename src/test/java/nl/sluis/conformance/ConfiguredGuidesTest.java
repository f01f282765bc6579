package nl.sluis.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import nl.sluis.server.FhirServerProperties.ImplementationGuide;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading {@code hapi.fhir.implementationguides} without a server: a .tgz and a folder give the same package, a
 * missing dependency is named, a bad path, a registry URL or a wrong name fails naming the key.
 */
class ConfiguredGuidesTest {

  static final FhirContext CTX = FhirContext.forR4Cached();
  static ConformancePackages ours;

  @BeforeAll
  static void ours() {
    ours = ConformancePackages.fromClasspath(CTX);
  }

  @Test
  void aTgzAndTheSameFolderGiveTheSamePackage(@TempDir Path dir) throws IOException {
    assumeTrue(NlCorePackages.available(), NlCorePackages.ABSENT);
    ConfiguredGuide fromTgz = ConfiguredGuide.read(CTX, "zib", spec(NlCorePackages.ZIB2020.toUri().toString()));
    untar(NlCorePackages.ZIB2020, dir);
    ConfiguredGuide fromFolder = ConfiguredGuide.read(CTX, "zib", spec(dir.toString()));
    assertThat(fromTgz.content().name()).isEqualTo("nictiz.fhir.nl.r4.zib2020");
    assertThat(fromTgz.content().resourcesOfType("StructureDefinition")).hasSizeGreaterThan(100);
    assertThat(fromFolder.content().contentHash()).isEqualTo(fromTgz.content().contentHash());
    assertThat(fromTgz.canonical()).isEqualTo("nictiz.fhir.nl.r4.zib2020|0.12.0-beta.4");
  }

  /** NPM's folder form is an unpacked .tgz; its {@code package} folder itself works too, other folders do not. */
  @Test
  void aFolderIsAnUnpackedTgz(@TempDir Path dir) throws IOException {
    assumeTrue(NlCorePackages.available(), NlCorePackages.ABSENT);
    untar(NlCorePackages.NL_CORE, dir);
    assertThat(ConfiguredGuide.read(CTX, "nlcore", spec(dir.resolve("package").toString())).content().name())
        .isEqualTo("nictiz.fhir.nl.r4.nl-core");
    assertThatThrownBy(() -> ConfiguredGuide.read(CTX, "own", spec("terminology")))
        .hasMessageContaining("hapi.fhir.implementationguides.own.packageUrl=terminology")
        .hasMessageContaining("holds package/package.json");
  }

  @Test
  void aMissingDependencyIsNamedAndOurCopiesOfNlCoreExtensionsWin() {
    assumeTrue(NlCorePackages.available(), NlCorePackages.ABSENT);
    Map<String, ImplementationGuide> onlyNlCore = Map.of("nlcore", spec(NlCorePackages.NL_CORE.toString()));
    assertThat(ConfiguredGuides.read(CTX, onlyNlCore, ours).missingDependencies(ours)).singleElement()
        .satisfies(m -> assertThat(m).contains("hapi.fhir.implementationguides.nlcore",
            "depends on nictiz.fhir.nl.r4.zib2020#0.12.0-beta.4, which is not installed"));

    Map<String, ImplementationGuide> both = new LinkedHashMap<>();
    both.put("zib2020", spec(NlCorePackages.ZIB2020.toString()));
    both.put("nlcore", spec(NlCorePackages.NL_CORE.toString()));
    ConfiguredGuides guides = ConfiguredGuides.read(CTX, both, ours);
    assertThat(guides.missingDependencies(ours)).isEmpty();
    assertThat(guides.contents().get(0).resourcesOfType("StructureDefinition"))
        .noneMatch(sd -> sd.getIdElement().getIdPart().equals("ext-Comment"));
  }

  /** What Patient?identifier means is not a package's to change: such a SearchParameter is not installed. */
  @Test
  void aSearchParameterRedefiningABuiltInIsLeftOut(@TempDir Path dir) throws IOException {
    Path pkg = Files.createDirectories(dir.resolve("package"));
    Files.writeString(pkg.resolve("package.json"), "{\"name\":\"example.redefines\",\"version\":\"1.0.0\","
        + "\"fhirVersions\":[\"4.0.1\"],\"dependencies\":{\"hl7.fhir.r4.core\":\"4.0.1\",\"hl7.terminology.r4\":\"6.2.0\"}}");
    Files.writeString(pkg.resolve("SearchParameter-identifier.json"), searchParameter("identifier", "Patient.name"));
    Files.writeString(pkg.resolve("SearchParameter-nickname.json"), searchParameter("nickname", "Patient.name.given"));
    ConfiguredGuides guides = ConfiguredGuides.read(CTX, Map.of("example", spec(dir.toString())), ours);
    assertThat(guides.contents().get(0).resources()).singleElement()
        .satisfies(sp -> assertThat(sp.getIdElement().getIdPart()).isEqualTo("nickname"));
    assertThat(guides.missingDependencies(ours)).singleElement()
        .satisfies(m -> assertThat(m).contains("depends on hl7.terminology.r4#6.2.0, which is not installed"));
  }

  private static String searchParameter(String code, String expression) {
    return "{\"resourceType\":\"SearchParameter\",\"id\":\"" + code + "\",\"url\":\"http://example.org/sp/" + code
        + "\",\"name\":\"" + code + "\",\"status\":\"active\",\"description\":\"x\",\"code\":\"" + code
        + "\",\"base\":[\"Patient\"],\"type\":\"string\",\"expression\":\"" + expression + "\"}";
  }

  @Test
  void aBadPackageFailsNamingTheKeyAndThePath(@TempDir Path dir) throws IOException {
    assertThatThrownBy(() -> ConfiguredGuide.read(CTX, "nlcore", spec("/no/such/nl-core.tgz")))
        .hasMessageContaining("hapi.fhir.implementationguides.nlcore.packageUrl=/no/such/nl-core.tgz")
        .hasMessageContaining("no such file or folder");
    Path broken = Files.writeString(dir.resolve("broken.tgz"), "not a tarball");
    assertThatThrownBy(() -> ConfiguredGuide.read(CTX, "broken", spec(broken.toString())))
        .hasMessageContaining("hapi.fhir.implementationguides.broken.packageUrl=" + broken)
        .hasMessageContaining("not a readable FHIR package");
    assertThatThrownBy(() -> ConfiguredGuide.read(CTX, "web", spec("https://packages.simplifier.net/x/1.0.0")))
        .hasMessageContaining("hapi.fhir.implementationguides.web.packageUrl=")
        .hasMessageContaining("never downloads");
  }

  @Test
  void aPackageThatIsNotTheConfiguredOneFails() {
    assumeTrue(NlCorePackages.available(), NlCorePackages.ABSENT);
    ImplementationGuide spec = spec(NlCorePackages.ZIB2020.toString());
    spec.setName("nictiz.fhir.nl.r4.nl-core");
    assertThatThrownBy(() -> ConfiguredGuide.read(CTX, "nlcore", spec))
        .hasMessageContaining("hapi.fhir.implementationguides.nlcore.packageUrl=")
        .hasMessageContaining("the package's name is nictiz.fhir.nl.r4.zib2020, configured nictiz.fhir.nl.r4.nl-core");
  }

  static ImplementationGuide spec(String packageUrl) {
    ImplementationGuide spec = new ImplementationGuide();
    spec.setPackageUrl(packageUrl);
    return spec;
  }

  private static void untar(Path tgz, Path target) throws IOException {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(tgz)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        Path out = target.resolve(e.getName()).normalize();
        if (e.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy((InputStream) tar, out);
        }
      }
    }
  }
}
