package nl.sluis.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import org.junit.jupiter.api.Test;

/** Path templates for http.server.requests: from closed sets only, so a client cannot mint new series. */
class FhirUriTemplatesTest {

  private final FhirUriTemplates templates = new FhirUriTemplates(FhirContext.forR4Cached());

  @Test
  void templatesNameTypesAndKeywordsNeverIdsOrInventedNames() {
    assertThat(templates.template("")).isEqualTo("/fhir");
    assertThat(templates.template("/metadata")).isEqualTo("/fhir/metadata");
    assertThat(templates.template("/$verify-audit-chain")).isEqualTo("/fhir/$operation");
    assertThat(templates.template("/Patient")).isEqualTo("/fhir/Patient");
    assertThat(templates.template("/Patient/_search")).isEqualTo("/fhir/Patient/_search");
    assertThat(templates.template("/Patient/123")).isEqualTo("/fhir/Patient/{id}");
    assertThat(templates.template("/Patient/$everything-invented")).isEqualTo("/fhir/Patient/$operation");
    assertThat(templates.template("/Patient/123/$everything")).isEqualTo("/fhir/Patient/{id}/$operation");
    assertThat(templates.template("/Patient/123/_history")).isEqualTo("/fhir/Patient/{id}/_history");
    assertThat(templates.template("/Patient/123/_history/4")).isEqualTo("/fhir/Patient/{id}/_history/{vid}");
    assertThat(templates.template("/Patient/123/foo/bar/baz")).isEqualTo("/fhir/Patient/{id}/{other}/{other}");
    assertThat(templates.template("/NoSuchType/123")).isEqualTo("/fhir/{other}");
    assertThat(templates.template("/Patient%00/1")).isEqualTo("/fhir/{other}");
  }
}
