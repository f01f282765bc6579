package nl.sluis.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import nl.sluis.server.limits.RequestDatabaseTime;

/**
 * Stops a request whose database time ({@link RequestDatabaseTime}) is used up at the points where HAPI works
 * without a statement for a while: a transaction validates and indexes every resource before it writes them, so the
 * transaction's timeout (checked by Hibernate at each statement) alone would let it hold its connection until the
 * next statement, seconds later. Checked before each resource is stored (before its validation), before each batch
 * entry, and before each batch of search results is decided; past the time: 503 {@code timeout}, and the transaction
 * is rolled back. A batch entry stopped here fails alone, with that 503, like an entry HAPI refused.
 */
@Interceptor
public class RequestDatabaseTimeCheckpoints {

  /** Before the validation and Sluis's other storage hooks (which use -1000 and up). */
  static final int FIRST = -100_000;

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = FIRST)
  public void beforeCreate() {
    check();
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = FIRST)
  public void beforeUpdate() {
    check();
  }

  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED, order = FIRST)
  public void beforeDelete() {
    check();
  }

  @Hook(value = Pointcut.STORAGE_TRANSACTION_PROCESSING, order = FIRST)
  public void beforeBatchEntryOrTransaction() {
    check();
  }

  @Hook(value = Pointcut.STORAGE_PREACCESS_RESOURCES, order = FIRST)
  public void beforeResultsAreDecided() {
    check();
  }

  static void check() {
    RequestDatabaseTime budget = RequestDatabaseTime.current();
    if (budget != null && budget.remainingNanos() <= 0) {
      throw ErrorClassifier.timeout();
    }
  }
}
