package nl.sluis.server.limits;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How much database time one HTTP request has left ({@code sluis.limits.request-database-time}): the wall time
 * during which at least one of its database transactions is open, i.e. holds a connection, summed over all of its
 * transactions. Time outside transactions (reading the body, parsing, rendering the answer) is not counted.
 *
 * <p>A request's budget is bound to the thread that serves it ({@link #start}) and to the threads that work for it
 * ({@link #carriedTo}, HAPI's pool for a batch's GET entries); threads started otherwise (start-up work, background
 * writers and backfills, HAPI's scheduled jobs) carry none, so their transactions are not limited by it. Plain Java:
 * the transaction manager asks {@link #current()} how much is left and reports when its transactions open and close.
 */
public final class RequestDatabaseTime {

  private static final ThreadLocal<RequestDatabaseTime> CURRENT = new ThreadLocal<>();

  private final long limitNanos;
  private final LongSupplier clock;
  private long spentNanos;
  private int open;
  private long openSince;

  RequestDatabaseTime(Duration limit, LongSupplier clock) {
    this.limitNanos = limit.toNanos();
    this.clock = clock;
  }

  /** The budget of the request this thread serves (or works for), or null when it serves none. */
  public static RequestDatabaseTime current() {
    return CURRENT.get();
  }

  /**
   * Gives the request served by this thread {@code limit} of database time until the scope is closed. A zero or
   * negative limit means none: the request's transactions are then bound by nothing but the statement timeout.
   */
  public static Scope start(Duration limit) {
    return bind(limit == null || limit.isZero() || limit.isNegative()
        ? null : new RequestDatabaseTime(limit, System::nanoTime));
  }

  /** The task runs with the budget of the request that handed it over (same budget, shared). */
  public static Runnable carriedTo(Runnable task) {
    RequestDatabaseTime budget = current();
    if (budget == null) {
      return task;
    }
    return () -> {
      try (Scope scope = bind(budget)) {
        task.run();
      }
    };
  }

  static Scope bind(RequestDatabaseTime budget) {
    RequestDatabaseTime previous = CURRENT.get();
    if (budget == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(budget);
    }
    return () -> {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    };
  }

  /** Database time left, in nanoseconds; zero or less when it is used up. */
  public synchronized long remainingNanos() {
    long spent = spentNanos + (open > 0 ? clock.getAsLong() - openSince : 0);
    return limitNanos - spent;
  }

  /** Database time left in whole seconds, rounded up (transaction timeouts are in seconds); 0 when used up. */
  public synchronized int remainingSeconds() {
    long remaining = remainingNanos();
    if (remaining <= 0) {
      return 0;
    }
    long seconds = (remaining + 999_999_999L) / 1_000_000_000L;
    return (int) Math.min(Integer.MAX_VALUE, seconds);
  }

  /**
   * A transaction of this request is about to take a connection. Returns false, and counts nothing, when the
   * request's database time is used up: the transaction must then not start.
   */
  public synchronized boolean transactionStarting() {
    if (remainingNanos() <= 0) {
      return false;
    }
    if (open++ == 0) {
      openSince = clock.getAsLong();
    }
    return true;
  }

  /** A transaction counted by {@link #transactionStarting()} ended (committed, rolled back, or failed to begin). */
  public synchronized void transactionEnded() {
    if (open == 0) {
      return;
    }
    if (--open == 0) {
      spentNanos += clock.getAsLong() - openSince;
    }
  }

  /** Ends a {@link #start} or a {@link #carriedTo} binding: the thread's previous budget (usually none) is back. */
  @FunctionalInterface
  public interface Scope extends AutoCloseable {
    @Override
    void close();
  }
}
