package nl.sluis.dataset;

/** A bad command line: the message and the usage go to stderr, the exit code is 2. */
final class UsageException extends RuntimeException {

  UsageException(String message) {
    super(message);
  }
}
