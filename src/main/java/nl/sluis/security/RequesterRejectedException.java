package nl.sluis.security;

/** A verified token that does not describe an acceptable requester (answered with 403). */
public class RequesterRejectedException extends RuntimeException {
  public RequesterRejectedException(String message) {
    super(message);
  }
}
