package nl.sluis.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** A {@code hapi.fhir.*} key Sluis does not honour is a start-up warning naming it; no Spring context needed. */
@ExtendWith(OutputCaptureExtension.class)
class UnhonouredHapiKeysTest {

  @Test
  void honouredKeysGiveNoWarning() {
    StandardEnvironment env = environment(Map.of(
        "hapi.fhir.server_address", "https://fhir.example.nl/fhir",
        "hapi.fhir.default_page_size", "20",
        "hapi.fhir.cors.allowed_origin[0]", "https://app.example.nl",
        "hapi.fhir.fhir_version", "R4",
        "hapi.fhir.expunge_enabled", "false",
        "hapi.fhir.implementationguides.nlcore.name", "nictiz.fhir.nl.r4.nl-core",
        "hapi.fhir.implementationguides.nlcore.version", "0.12.0-beta.4",
        "hapi.fhir.implementationguides.nlcore.packageUrl", "file:///tmp/nl-core.tgz"));
    assertThat(UnhonouredHapiKeys.in(env)).isEmpty();
  }

  /** The README's environment-variable forms are honoured, so not warned about; nor is a yaml key they override. */
  @Test
  void honouredKeysAsEnvironmentVariablesGiveNoWarning() {
    StandardEnvironment env = environment(Map.of("hapi.fhir.server_address", "https://overridden.example.nl/fhir"));
    env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("systemEnvironment", Map.of(
        "HAPI_FHIR_SERVER_ADDRESS", "https://fhir.example.nl/fhir",
        "HAPI_FHIR_MAX_REQUEST_BODY_BYTES", "1000",
        "HAPI_FHIR_IMPLEMENTATIONGUIDES_NLCORE_PACKAGEURL", "/etc/sluis/nl-core.tgz")));
    assertThat(UnhonouredHapiKeys.in(env)).isEmpty();
    FhirServerProperties bound = org.springframework.boot.context.properties.bind.Binder.get(env)
        .bind("hapi.fhir", FhirServerProperties.class).get();
    assertThat(bound.getServerAddress()).isEqualTo("https://fhir.example.nl/fhir");
    assertThat(bound.getImplementationguides().get("nlcore").getPackageUrl()).isEqualTo("/etc/sluis/nl-core.tgz");
  }

  @Test
  void everyUnhonouredKeyIsNamedWithWhereItCameFrom(CapturedOutput output) {
    Map<String, Object> yaml = new LinkedHashMap<>();
    yaml.put("hapi.fhir.server_address", "https://fhir.example.nl/fhir");
    yaml.put("hapi.fhir.subscription.resthook_enabled", "true");
    yaml.put("hapi.fhir.mdm_enabled", "true");
    yaml.put("hapi.fhir.implementationguides.nlcore.packageUrl", "file:///tmp/nl-core.tgz");
    yaml.put("hapi.fhir.implementationguides.nlcore.installMode", "STORE_AND_INSTALL");
    StandardEnvironment env = environment(yaml);
    env.getPropertySources().addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
        Map.of("HAPI_FHIR_ALLOW_EXTERNAL_REFERENCES", "true")));

    assertThat(UnhonouredHapiKeys.in(env)).satisfiesExactlyInAnyOrder(
        k -> assertThat(k).startsWith("HAPI_FHIR_ALLOW_EXTERNAL_REFERENCES (from systemEnvironment"),
        k -> assertThat(k).startsWith("hapi.fhir.implementationguides.nlcore.installMode (from test"),
        k -> assertThat(k).startsWith("hapi.fhir.mdm_enabled"),
        k -> assertThat(k).startsWith("hapi.fhir.subscription.resthook_enabled"));

    UnhonouredHapiKeys.warn(env);
    assertThat(output.getOut()).contains("WARN").contains(
        "Configuration key hapi.fhir.mdm_enabled (from test) is not honoured by Sluis and has no effect");
  }

  @Test
  void onlyR4IsServedAndExpungeStaysOff() {
    FhirServerProperties properties = new FhirServerProperties();
    FhirRestfulServerConfiguration.refuseOtherFhirVersions(properties);
    properties.setFhirVersion("R5");
    assertThatThrownBy(() -> FhirRestfulServerConfiguration.refuseOtherFhirVersions(properties))
        .hasMessageContaining("hapi.fhir.fhir_version=R5 is not supported");
    assertThat(UnhonouredHapiKeys.in(environment(Map.of("hapi.fhir.fhir_version", "R5")))).isEmpty();
  }

  private static StandardEnvironment environment(Map<String, Object> properties) {
    StandardEnvironment env = new StandardEnvironment();
    env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
    env.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
    env.getPropertySources().addFirst(new MapPropertySource("test", properties));
    return env;
  }
}
