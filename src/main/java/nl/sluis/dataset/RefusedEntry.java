package nl.sluis.dataset;

/**
 * An entry the server did not store: the bundle file, the entry's index in that file (-1 when the refusal names no
 * entry, e.g. a whole chunk that failed after its retries), its fullUrl and request, and the server's reason.
 */
public record RefusedEntry(String file, int index, String fullUrl, String request, String reason) {

  String describe() {
    return file + " entry " + (index < 0 ? "?" : Integer.toString(index))
        + (fullUrl == null ? "" : " " + fullUrl) + (request == null ? "" : " (" + request + ")") + ": " + reason;
  }
}
