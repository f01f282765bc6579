package nl.sluis.server.limits;

import jakarta.persistence.EntityManagerFactory;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionTimedOutException;

/**
 * The one transaction manager (HAPI's storage, Sluis's own TransactionTemplates and JdbcTemplates in them): every
 * transaction that a request opens gets, as its Spring transaction timeout, what is left of the request's database
 * time ({@link RequestDatabaseTime}), and none starts once that is used up.
 *
 * <p>Spring hands the timeout to Hibernate (which gives every statement the transaction's remaining time as its
 * JDBC query timeout, so the database cancels a running statement, and fails the next statement once it expired)
 * and to the transaction's connection holder (JdbcTemplate statements inside the transaction get the remaining time
 * too). The transaction is rolled back and its connection returned to the pool; the request answers 503
 * ({@code ErrorClassifier}). Transactions of threads that serve no request (start-up, background work) get no
 * timeout from here: for them the statement timeout is the bound.
 */
public class RequestTimedTransactionManager extends JpaTransactionManager {

  public RequestTimedTransactionManager(EntityManagerFactory entityManagerFactory) {
    super(entityManagerFactory);
    // The time can run out in a before-commit hook's own statement (decision-input tokens, parties): Spring's
    // TransactionTimedOutException is a TransactionException, which Spring otherwise takes for a failed commit and
    // neither rolls back nor lets Hibernate release: the transaction stayed open and its connection out of the pool.
    setRollbackOnCommitFailure(true);
  }

  @Override
  protected void doBegin(Object transaction, TransactionDefinition definition) {
    RequestDatabaseTime budget = RequestDatabaseTime.current();
    if (budget == null) {
      super.doBegin(transaction, definition);
      return;
    }
    if (!budget.transactionStarting()) {
      throw new TransactionTimedOutException("Transaction timed out: the request's database time is used up");
    }
    try {
      super.doBegin(transaction, definition);
    } catch (RuntimeException | Error e) {
      budget.transactionEnded(); // no cleanup follows a failed begin
      throw e;
    }
  }

  @Override
  protected int determineTimeout(TransactionDefinition definition) {
    int own = super.determineTimeout(definition);
    RequestDatabaseTime budget = RequestDatabaseTime.current();
    if (budget == null) {
      return own;
    }
    int left = Math.max(1, budget.remainingSeconds());
    return own == TransactionDefinition.TIMEOUT_DEFAULT ? left : Math.min(own, left);
  }

  @Override
  protected void doCleanupAfterCompletion(Object transaction) {
    try {
      super.doCleanupAfterCompletion(transaction);
    } finally {
      RequestDatabaseTime budget = RequestDatabaseTime.current();
      if (budget != null) {
        budget.transactionEnded();
      }
    }
  }
}
