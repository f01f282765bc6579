package nl.sluis.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** What a request's database time counts: time with at least one transaction open, summed; nothing else. */
class RequestDatabaseTimeTest {

  private final AtomicLong now = new AtomicLong();
  private final RequestDatabaseTime budget = new RequestDatabaseTime(Duration.ofSeconds(2), now::get);

  private void advanceMillis(long millis) {
    now.addAndGet(millis * 1_000_000L);
  }

  @Test
  void onlyTimeWithAnOpenTransactionCounts() {
    assertThat(budget.transactionStarting()).isTrue();
    advanceMillis(700);
    budget.transactionEnded();
    advanceMillis(5_000); // parsing, validation outside transactions, writing the answer
    assertThat(budget.remainingNanos()).isEqualTo(1_300_000_000L);
    assertThat(budget.remainingSeconds()).isEqualTo(2); // rounded up: transaction timeouts are whole seconds

    assertThat(budget.transactionStarting()).isTrue();
    advanceMillis(1_300);
    assertThat(budget.remainingNanos()).isZero(); // counted while the transaction is still open
    budget.transactionEnded();
    assertThat(budget.remainingSeconds()).isZero();
    assertThat(budget.transactionStarting()).as("no transaction starts once the time is used up").isFalse();
  }

  @Test
  void nestedTransactionsAreCountedOnce() {
    budget.transactionStarting(); // e.g. HAPI's transaction
    advanceMillis(200);
    budget.transactionStarting(); // REQUIRES_NEW inside it: both hold a connection, the wall time counts once
    advanceMillis(300);
    budget.transactionEnded();
    advanceMillis(100);
    budget.transactionEnded();
    assertThat(budget.remainingNanos()).isEqualTo(1_400_000_000L);
    budget.transactionEnded(); // unbalanced: ignored
    assertThat(budget.remainingNanos()).isEqualTo(1_400_000_000L);
  }

  @Test
  void aScopeBindsTheBudgetToItsThreadAndTasksCarryIt() throws Exception {
    assertThat(RequestDatabaseTime.current()).isNull();
    AtomicReference<RequestDatabaseTime> seenByTask = new AtomicReference<>();
    AtomicReference<RequestDatabaseTime> seenByPlainThread = new AtomicReference<>();
    RequestDatabaseTime bound;
    try (RequestDatabaseTime.Scope scope = RequestDatabaseTime.start(Duration.ofSeconds(30))) {
      bound = RequestDatabaseTime.current();
      assertThat(bound).isNotNull();
      Thread carried = new Thread(RequestDatabaseTime.carriedTo(() -> seenByTask.set(RequestDatabaseTime.current())));
      carried.start();
      carried.join();
      // a thread started otherwise (a background writer, a backfill) has no request's time
      Thread plain = new Thread(() -> seenByPlainThread.set(RequestDatabaseTime.current()));
      plain.start();
      plain.join();
    }
    assertThat(seenByTask.get()).isSameAs(bound);
    assertThat(seenByPlainThread.get()).isNull();
    assertThat(RequestDatabaseTime.current()).isNull();
  }

  @Test
  void zeroMeansNoLimit() {
    try (RequestDatabaseTime.Scope scope = RequestDatabaseTime.start(Duration.ZERO)) {
      assertThat(RequestDatabaseTime.current()).isNull();
    }
  }
}
