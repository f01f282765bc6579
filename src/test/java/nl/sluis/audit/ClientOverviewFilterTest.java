package nl.sluis.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client's overview keeps what concerns the client and drops what names others. */
class ClientOverviewFilterTest {

  private static final String CLIENT = "Patient/7";

  private static DisclosureRecord record(String asked, String fhirUser, List<String> data) {
    return new DisclosureRecord("1", new Date(), CLIENT, "00000003", null, "uzi-1", "Dr. A", fhirUser, "01.015",
        "uzi-2", "Dr. B", "search-type", "deny", "TREAT", data, asked, List.of());
  }

  private static String asked(String url, String... data) {
    return ClientOverviewFilter.asked(record(url, null, List.of(data)), CLIENT);
  }

  @Test
  void whatWasAskedWithoutItsParametersAndWithoutOtherRecords() {
    assertThat(asked("http://h/fhir/Patient?identifier=http://fhir.nl/fhir/NamingSystem/bsn%7C999911144"))
        .isEqualTo("Patient?…");
    assertThat(asked("http://h/fhir/Observation?subject=Patient/7,Patient/8")).isEqualTo("Observation?…");
    assertThat(asked("http://h/fhir/Patient/7")).isEqualTo("Patient/7");
    assertThat(asked("http://h/fhir/Patient/7/$everything?_count=5")).isEqualTo("Patient/7/$everything?…");
    assertThat(asked("http://h/fhir/Observation/12", "Observation/12")).isEqualTo("Observation/12");
    assertThat(asked("http://h/fhir/Patient/8/$everything")).isEqualTo("Patient/(another record)");
    assertThat(asked("http://h/fhir/Observation/99/_history/2")).isEqualTo("Observation/(another record)");
    assertThat(asked("http://h/fhir?_type=Patient&identifier=x")).isEqualTo("(the server)?…");
    assertThat(asked("http://h/base/fhir/r4/$everything")).isEqualTo("$everything");
    assertThat(ClientOverviewFilter.asked(record(null, null, List.of()), CLIENT)).isNull();
  }

  @Test
  void anotherClientOrRelatedPersonIsShownByKind() {
    assertThat(ClientOverviewFilter.accessor(record("x", "Patient/8", List.of()), CLIENT))
        .isEqualTo(new ClientOverviewFilter.Accessor(ClientOverviewFilter.OTHER_CLIENT, null, null));
    assertThat(ClientOverviewFilter.accessor(record("x", "RelatedPerson/3", List.of()), CLIENT))
        .isEqualTo(new ClientOverviewFilter.Accessor(ClientOverviewFilter.RELATED_PERSON, null, null));
    assertThat(ClientOverviewFilter.accessor(record("x", CLIENT, List.of()), CLIENT))
        .isEqualTo(new ClientOverviewFilter.Accessor("Dr. A", "01.015", "Dr. B"));
    assertThat(ClientOverviewFilter.accessor(record("x", "Practitioner/5", List.of()), CLIENT))
        .isEqualTo(new ClientOverviewFilter.Accessor("Dr. A", "01.015", "Dr. B"));
  }
}
