package nl.sluis.assessment;

/** A response from which findings cannot be extracted (answered as 422 where it reaches a client). */
public class ExtractionException extends RuntimeException {

  public ExtractionException(String message) {
    super(message);
  }
}
