package nl.sluis.audit;

import static nl.sluis.audit.AuditFixture.GP_URA;
import static nl.sluis.testsupport.FhirHttp.FHIR_JSON;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AuditEvent served from the audit log over HTTP: every search parameter, paging, vread, the CapabilityStatement. */
class AuditEventSearchHttpTest extends PostgresServerTest {

  private static final String BSN = "999911156";
  private AuditFixture fixture;
  private FhirHttp officer;
  private String consent;
  private String client;

  /** Two events about the client: the GP's permitted read (consent) and a stranger's denied read. */
  @BeforeEach
  void setUp() {
    fixture = new AuditFixture(http(), BSN);
    officer = AuditFixture.privacyOfficer(anonymous());
    consent = fixture.grantGpObservations();
    assertThat(AuditFixture.gp(anonymous()).get("/fhir/Observation/" + fixture.sharedObservation).statusCode())
        .isEqualTo(200);
    assertThat(AuditFixture.stranger(anonymous()).get("/fhir/Observation/" + fixture.sharedObservation).statusCode())
        .isEqualTo(404);
    client = "patient=Patient/" + fixture.patient;
  }

  @Test
  void everySearchParameterFindsWhatItNames() {
    List<AuditEvent> both = search(client);
    assertThat(both).hasSize(2);
    String permitted = both.get(0).getIdElement().getIdPart();
    assertThat(search("patient=" + fixture.patient)).hasSize(2);
    assertThat(ids(search(client + "&outcome=permit"))).containsExactly(permitted);
    assertThat(search(client + "&outcome=deny")).hasSize(1);
    assertThat(search(client + "&outcome=http://hl7.org/fhir/audit-event-outcome%7C4")).hasSize(1);
    assertThat(search(client + "&outcome=permit,deny")).hasSize(2);
    assertThat(search(client + "&outcome=permit&outcome=deny")).isEmpty();
    assertThat(ids(search(client + "&agent-identifier=http://fhir.nl/fhir/NamingSystem/ura%7C" + GP_URA)))
        .containsExactly(permitted);
    assertThat(ids(search(client + "&agent-identifier=" + GP_URA))).containsExactly(permitted);
    assertThat(search("entity=Observation/" + fixture.sharedObservation)).hasSize(2);
    assertThat(search("entity=Observation/" + fixture.otherObservation)).isEmpty();
    assertThat(ids(search("basis=Consent/" + consent))).containsExactly(permitted);
    assertThat(search(client + "&basis=policy:external-default-deny")).hasSize(1);
    assertThat(ids(search(client + "&legal-ground=consent"))).containsExactly(permitted);
    assertThat(search(client + "&purpose=TREAT")).hasSize(2);
    assertThat(search(client + "&purpose=ETREAT")).isEmpty();
    assertThat(search(client + "&subtype=read")).hasSize(2);
    assertThat(search(client + "&subtype=search-type")).isEmpty();
    assertThat(ids(search("_id=" + permitted))).containsExactly(permitted);
    assertThat(search(client + "&date=ge" + LocalDate.now().minusDays(1))).hasSize(2);
    assertThat(search(client + "&date=lt" + LocalDate.now().minusDays(1))).isEmpty();
    assertThat(search(client + "&date=ge" + LocalDate.now().minusDays(1) + "&date=le" + LocalDate.now().plusDays(1)))
        .hasSize(2);
    assertThat(ids(search(client + "&_sort=-date"))).containsExactly(ids(both).get(1), ids(both).get(0));
    HttpResponse<String> post = officer.post("/fhir/AuditEvent/_search", "application/x-www-form-urlencoded",
        client + "&outcome=deny");
    assertThat(post.statusCode()).as(post.body()).isEqualTo(200);
    assertThat(bundle(post).getEntry()).hasSize(1);
  }

  @Test
  void pagesFollowTheirLinksAndReadsAndVreadsServeTheLog() {
    Bundle first = bundle(officer.get("/fhir/AuditEvent?" + client + "&_count=1"));
    assertThat(first.getEntry()).hasSize(1);
    String next = first.getLink("next").getUrl();
    assertThat(next).contains("_offset=1");
    Bundle second = bundle(officer.get(next.substring(next.indexOf("/fhir/"))));
    assertThat(second.getEntry()).hasSize(1);
    assertThat(second.getLink("next")).isNull();
    assertThat(second.getEntryFirstRep().getResource().getIdElement().getIdPart())
        .isNotEqualTo(first.getEntryFirstRep().getResource().getIdElement().getIdPart());

    String id = first.getEntryFirstRep().getResource().getIdElement().getIdPart();
    HttpResponse<String> read = officer.get("/fhir/AuditEvent/" + id);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
    AuditEvent event = AuditFixture.FHIR.newJsonParser().parseResource(AuditEvent.class, read.body());
    assertThat(AuditChainHash.sequence(event)).contains(Long.parseLong(id));
    assertThat(officer.get("/fhir/AuditEvent/" + id + "/_history/1").statusCode()).isEqualTo(200);
    assertThat(officer.get("/fhir/AuditEvent/" + id + "/_history/2").statusCode()).isEqualTo(404);
    assertThat(officer.get("/fhir/AuditEvent/999999999999").statusCode()).isEqualTo(404);
    assertThat(officer.get("/fhir/AuditEvent/not-a-number").statusCode()).isEqualTo(404);
  }

  @Test
  void whatIsNotServedIsRefusedWith4xx() {
    for (String query : List.of(client + "&_revinclude=AuditEvent:entity", client + "&_include=AuditEvent:patient",
        client + "&action=R", client + "&_sort=patient", client + "&patient.name=x", client + "&outcome:not=deny",
        client + "&date=ne" + LocalDate.now(), client + "&_lastUpdated=ge2020-01-01")) {
      HttpResponse<String> response = officer.get("/fhir/AuditEvent?" + query);
      assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(400);
      assertThat(response.body()).contains("OperationOutcome");
    }
    HttpResponse<String> create = officer.post("/fhir/AuditEvent", FHIR_JSON, "{\"resourceType\":\"AuditEvent\"}");
    assertThat(create.statusCode()).as(create.body()).isEqualTo(405);
    assertThat(create.body()).contains("OperationOutcome");
    String id = search(client).get(0).getIdElement().getIdPart();
    assertThat(http().delete("/fhir/AuditEvent/" + id).statusCode()).isEqualTo(405);
    assertThat(search(client)).hasSize(2);
  }

  @Test
  void theCapabilityStatementListsExactlyWhatIsServed() {
    HttpResponse<String> metadata = http().get("/fhir/metadata");
    assertThat(metadata.statusCode()).isEqualTo(200);
    CapabilityStatement statement = AuditFixture.FHIR.newJsonParser().parseResource(CapabilityStatement.class,
        metadata.body());
    List<CapabilityStatementRestResourceComponent> resources = statement.getRestFirstRep().getResource();
    CapabilityStatementRestResourceComponent auditEvent = resources.stream()
        .filter(r -> "AuditEvent".equals(r.getType())).findFirst().orElseThrow();
    assertThat(auditEvent.getInteraction().stream().map(i -> i.getCode().toCode()).collect(Collectors.toSet()))
        .isEqualTo(Set.of("read", "vread", "search-type"));
    assertThat(auditEvent.getSearchParam().stream().map(p -> p.getName()).collect(Collectors.toSet()))
        .isEqualTo(AuditEventProvider.SEARCH_PARAMETERS.stream().map(p -> p[0]).collect(Collectors.toSet()));
    assertThat(auditEvent.getSearchInclude()).isEmpty();
    assertThat(resources).allSatisfy(r -> assertThat(r.getSearchRevInclude())
        .noneMatch(include -> include.getValue().startsWith("AuditEvent:")));
  }

  private List<AuditEvent> search(String query) {
    return bundle(officer.get("/fhir/AuditEvent?" + query + "&_count=50")).getEntry().stream()
        .map(e -> (AuditEvent) e.getResource()).toList();
  }

  private static Bundle bundle(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return AuditFixture.FHIR.newJsonParser().parseResource(Bundle.class, response.body());
  }

  private static List<String> ids(List<AuditEvent> events) {
    return events.stream().map(e -> e.getIdElement().getIdPart()).toList();
  }
}
