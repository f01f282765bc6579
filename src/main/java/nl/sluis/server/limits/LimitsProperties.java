package nl.sluis.server.limits;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code sluis.limits.*} bounds on what one request may ask of the server. Going past one is a 4xx
 * OperationOutcome answered before the work starts. (The body size itself is
 * {@code hapi.fhir.max_request_body_bytes}.) docs/security.md lists them with what the client gets.
 */
@ConfigurationProperties(prefix = "sluis.limits")
public class LimitsProperties {

  /** A request body must arrive within this time (slow senders hold a request thread); else 408. */
  private Duration bodyReadTimeout = Duration.ofSeconds(60);
  /** Longest string (or other non-binary primitive) in a resource, in characters; else 413. */
  private int maxStringLength = 256 * 1024;
  /** Longest narrative ({@code text.div}, as XHTML), in characters; else 413. */
  private int maxNarrativeLength = 256 * 1024;
  /** Most repeats of one element in a resource (e.g. 20,000 names); else 413. */
  private int maxElementRepeats = 1000;
  /** Deepest nesting of elements in a resource (extensions in extensions, contained, parts); else 400. */
  private int maxNestingDepth = 64;
  /** Most entries in a Bundle sent to the server (batch, transaction, stored Bundle); else 413. */
  private int maxBundleEntries = 500;
  /** Most query (or form) parameters of one request, counting every repeat; else 400. */
  private int maxParameters = 50;
  /** Most repeats of one parameter name (each an AND condition); else 400. */
  private int maxParameterRepeats = 10;
  /** Most comma-separated (OR) values in one parameter; else 400. */
  private int maxOrValues = 100;
  /** Most {@code _include} plus {@code _revinclude} parameters; else 400. */
  private int maxIncludes = 10;
  /** Per-statement database time limit (PostgreSQL statement_timeout, H2 QUERY_TIMEOUT); 0 = none; else 503. */
  private Duration statementTimeout = Duration.ofSeconds(30);
  /**
   * Database time of one request: the time any of its transactions holds a connection, summed over its
   * transactions (whole seconds); 0 = none; else 503 and the work is rolled back. See RequestDatabaseTime.
   */
  private Duration requestDatabaseTime = Duration.ofSeconds(30);

  public Duration getBodyReadTimeout() {
    return bodyReadTimeout;
  }

  public void setBodyReadTimeout(Duration bodyReadTimeout) {
    this.bodyReadTimeout = bodyReadTimeout;
  }

  public int getMaxStringLength() {
    return maxStringLength;
  }

  public void setMaxStringLength(int maxStringLength) {
    this.maxStringLength = maxStringLength;
  }

  public int getMaxNarrativeLength() {
    return maxNarrativeLength;
  }

  public void setMaxNarrativeLength(int maxNarrativeLength) {
    this.maxNarrativeLength = maxNarrativeLength;
  }

  public int getMaxElementRepeats() {
    return maxElementRepeats;
  }

  public void setMaxElementRepeats(int maxElementRepeats) {
    this.maxElementRepeats = maxElementRepeats;
  }

  public int getMaxNestingDepth() {
    return maxNestingDepth;
  }

  public void setMaxNestingDepth(int maxNestingDepth) {
    this.maxNestingDepth = maxNestingDepth;
  }

  public int getMaxBundleEntries() {
    return maxBundleEntries;
  }

  public void setMaxBundleEntries(int maxBundleEntries) {
    this.maxBundleEntries = maxBundleEntries;
  }

  public int getMaxParameters() {
    return maxParameters;
  }

  public void setMaxParameters(int maxParameters) {
    this.maxParameters = maxParameters;
  }

  public int getMaxParameterRepeats() {
    return maxParameterRepeats;
  }

  public void setMaxParameterRepeats(int maxParameterRepeats) {
    this.maxParameterRepeats = maxParameterRepeats;
  }

  public int getMaxOrValues() {
    return maxOrValues;
  }

  public void setMaxOrValues(int maxOrValues) {
    this.maxOrValues = maxOrValues;
  }

  public int getMaxIncludes() {
    return maxIncludes;
  }

  public void setMaxIncludes(int maxIncludes) {
    this.maxIncludes = maxIncludes;
  }

  public Duration getStatementTimeout() {
    return statementTimeout;
  }

  public void setStatementTimeout(Duration statementTimeout) {
    this.statementTimeout = statementTimeout;
  }

  public Duration getRequestDatabaseTime() {
    return requestDatabaseTime;
  }

  public void setRequestDatabaseTime(Duration requestDatabaseTime) {
    this.requestDatabaseTime = requestDatabaseTime;
  }
}
