package nl.sluis.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nl.sluis.testsupport.FhirHttp;
import nl.sluis.testsupport.PostgresServerTest;
import nl.sluis.testsupport.SecondNode;
import nl.sluis.testsupport.ServerProcess;
import org.hl7.fhir.r4.model.Parameters;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Two server nodes on one database (the shared test context and a second server process) write audit
 * events concurrently; the chain must stay one unbroken sequence. The log is the only copy, so what one node
 * committed is at once in the other's views (read-your-writes across nodes), and nothing is lost when a node
 * dies right after answering. The second node is the one {@link SecondNode} shares with the other two-node tests:
 * this class kills it last, so it runs after them, ComposeEnvironmentCrashTest included (junit-platform.properties
 * orders classes by {@code @Order}).
 */
@Order(Order.DEFAULT + 2)
class ConcurrentAuditWritersTest extends PostgresServerTest {

  private static final int READS_PER_WRITER = 40;

  @Test
  void twoNodesWritingConcurrentlyKeepTheChainValid() throws Exception {
    AuditFixture fixture = new AuditFixture(http(), "999911132");
    ServerProcess second = SecondNode.get();
    try {
      int before = verify().getParameterValue("events") == null ? 0
          : Integer.parseInt(verify().getParameterValue("events").primitiveValue());
      List<FhirHttp> nodes = List.of(AuditFixture.stranger(anonymous()), AuditFixture.stranger(second.http()),
          AuditFixture.stranger(anonymous()), AuditFixture.stranger(second.http()));
      ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
      List<Future<Integer>> results = new ArrayList<>();
      for (FhirHttp node : nodes) {
        results.add(pool.submit(() -> {
          int audited = 0;
          for (int i = 0; i < READS_PER_WRITER; i++) {
            HttpResponse<String> read = node.get("/fhir/Observation/" + fixture.sharedObservation);
            audited += read.statusCode() == 404 ? 1 : 0; // a denial, audited on the node that served it
          }
          return audited;
        }));
      }
      int audited = 0;
      for (Future<Integer> result : results) {
        audited += result.get();
      }
      pool.shutdown();
      assertThat(audited).isEqualTo(nodes.size() * READS_PER_WRITER);
      Parameters chain = verify();
      assertThat(chain.getParameterBool("valid")).as(chain.toString()).isTrue();
      assertThat(Integer.parseInt(chain.getParameterValue("events").primitiveValue())).isEqualTo(before + audited);
      assertThat(fixture.events(fixture.patient)).hasSize(audited);

      // Read-your-writes across nodes: a denial answered by the second node is at once in the first's views.
      FhirHttp secondStranger = AuditFixture.stranger(second.http());
      for (int i = 1; i <= 3; i++) {
        assertThat(secondStranger.get("/fhir/Observation/" + fixture.sharedObservation).statusCode()).isEqualTo(404);
        assertThat(fixture.events(fixture.patient)).hasSize(audited + i);
      }
      audited += 3;

      // The second node answers, then dies: none of its events is lost.
      for (int i = 0; i < 3; i++) {
        assertThat(secondStranger.get("/fhir/Observation/" + fixture.sharedObservation).statusCode()).isEqualTo(404);
      }
      SecondNode.kill();
      audited += 3;
      Parameters after = verify();
      assertThat(after.getParameterBool("valid")).as(after.toString()).isTrue();
      assertThat(Integer.parseInt(after.getParameterValue("events").primitiveValue())).isEqualTo(before + audited);
      assertThat(fixture.events(fixture.patient)).hasSize(audited);
    } finally {
      SecondNode.kill(); // after a failure too: the next test gets a node in a known state
    }
  }

  private Parameters verify() {
    HttpResponse<String> result = AuditFixture.privacyOfficer(anonymous()).get("/fhir/$verify-audit-chain");
    assertThat(result.statusCode()).as(result.body()).isEqualTo(200);
    return AuditFixture.FHIR.newJsonParser().parseResource(Parameters.class, result.body());
  }
}
