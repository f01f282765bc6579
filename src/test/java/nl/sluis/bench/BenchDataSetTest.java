package nl.sluis.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import nl.sluis.dataset.ConsentRule;
import nl.sluis.dataset.DataSet;
import nl.sluis.dataset.DataSetSpec;
import nl.sluis.dataset.GeneratedClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which generated clients the HTTP benchmark measures, decided from their consents and ages, without a server. */
class BenchDataSetTest {

  private static final int CLIENTS = 300;
  private static final long SEED = 7;

  @TempDir Path dir;

  @Test
  void onTheAsOfDayEveryClientsConsentHoldsForTheExternalRequesterAndNoneOfTheOtherPractice() {
    BenchDataSet data = new BenchDataSet(CLIENTS, SEED, 250, DataSetSpec.DEFAULT_AS_OF);

    assertThat(data.spec.recipientUra()).isEqualTo(BenchTokens.EXTERNAL_URA);
    assertThat(data.consented).hasSize(CLIENTS);
    assertThat(data.notConsentedToday).isEmpty();
    assertThat(data.otherPractice).hasSize(BenchDataSet.OTHER_PRACTICE_CLIENTS);
    assertThat(data.consented).extracting(BenchDataSet.BenchClient::id)
        .doesNotContainAnyElementsOf(data.otherPractice.stream().map(BenchDataSet.BenchClient::id).toList());
    assertThat(data.clientsByRule.keySet()).containsExactlyInAnyOrder(ConsentRule.values());
    assertThat(data.resourcesByType).containsKeys("Patient", "Consent", "Observation", "CareTeam", "Organization");
    assertThat(data.resourcesByType.get("Patient")).isEqualTo(CLIENTS + BenchDataSet.OTHER_PRACTICE_CLIENTS);
    // the create body is one of the client's vital signs without its id
    BenchDataSet.BenchClient first = data.consented.get(0);
    assertThat(first.observationJson()).contains("\"resourceType\":\"Observation\"")
        .contains("\"reference\":\"Patient/" + first.id() + "\"").doesNotContain("\"id\":");
  }

  @Test
  void yearsLaterAParentsConsentNoLongerHoldsForAClientWhoTurnedTwelveAndAClientsOwnStillDoes() {
    LocalDate later = DataSetSpec.DEFAULT_AS_OF.plusYears(3);
    BenchDataSet data = new BenchDataSet(CLIENTS, SEED, 250, later);
    DataSet generated = new DataSet(data.spec, FhirContext.forR4Cached());

    List<String> expectedOut = new java.util.ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      GeneratedClient client = generated.client(i);
      int age = Period.between(client.birthDate(), later).getYears();
      // parents alone consented; from 12 the client must consent too (the client's own consent stays valid)
      if (client.consentRule() == ConsentRule.PARENTS && age >= 12) {
        expectedOut.add(client.patient().getIdPart());
      }
      assertThat(BenchDataSet.permits(client, BenchDataSet.OTHER_PRACTICE_URA, later)).isFalse();
    }
    assertThat(expectedOut).isNotEmpty();
    assertThat(data.notConsentedToday).extracting(BenchDataSet.BenchClient::id)
        .containsExactlyInAnyOrderElementsOf(expectedOut);
    assertThat(data.consented).hasSize(CLIENTS - expectedOut.size());
  }

  @Test
  void beforeTheConsentsWereGivenNoneHoldsAndTheRunStops() {
    LocalDate before = LocalDate.of(2024, 1, 1);
    DataSet generated = new DataSet(DataSetSpec.of(50, SEED), FhirContext.forR4Cached());
    for (int i = 0; i < 50; i++) {
      assertThat(BenchDataSet.permits(generated.client(i), DataSetSpec.DEFAULT_RECIPIENT_URA, before)).isFalse();
      assertThat(BenchDataSet.permits(generated.client(i), DataSetSpec.DEFAULT_RECIPIENT_URA,
          DataSetSpec.DEFAULT_AS_OF)).isTrue();
    }
    assertThatThrownBy(() -> new BenchDataSet(50, SEED, 250, before))
        .hasMessageContaining("No generated client's consent holds");
  }

  @Test
  void bothSetsBundlesLoadInTheGeneratorsPhases() throws Exception {
    BenchDataSet data = new BenchDataSet(60, SEED, 50, DataSetSpec.DEFAULT_AS_OF);
    List<Path> files = data.writeBundles(dir.resolve("bundles"));

    List<String> names = files.stream().map(f -> f.getFileName().toString()).toList();
    assertThat(names).contains("0-organisations.json", "0-other-practice-organisations.json",
        "2-clients-00000.json", "2-other-practice-clients-00000.json");
    assertThat(names).allMatch(name -> name.matches("[012]-.*\\.json"));
    assertThat(names).isSorted();
  }
}
