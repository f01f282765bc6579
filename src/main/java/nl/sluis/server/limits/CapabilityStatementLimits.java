package nl.sluis.server.limits;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;

/**
 * States the request bounds where FHIR has a place for them: {@code rest.documentation} (markdown) of the
 * CapabilityStatement, so that a client can find them without reading our docs.
 */
@Interceptor
public class CapabilityStatementLimits {

  private final String documentation;

  public CapabilityStatementLimits(LimitsProperties limits, long maxBodyBytes, int maxPageSize) {
    this.documentation = "**Limits** (past a bound: a 4xx OperationOutcome before any work is done)\n\n"
        + "* request body: " + maxBodyBytes + " bytes after decoding (gzip, deflate), within "
        + limits.getBodyReadTimeout().toSeconds() + " s (413, 408; other Content-Encodings 415)\n"
        + "* strings: " + limits.getMaxStringLength() + " characters; narrative: "
        + limits.getMaxNarrativeLength() + " characters; one element repeated: " + limits.getMaxElementRepeats()
        + " times; nesting: " + limits.getMaxNestingDepth() + " levels (413, 400)\n"
        + "* Bundle entries (batch, transaction): " + limits.getMaxBundleEntries() + " (413)\n"
        + "* parameters per request: " + limits.getMaxParameters() + "; repeats of one parameter: "
        + limits.getMaxParameterRepeats() + "; OR values per parameter: " + limits.getMaxOrValues()
        + "; _include + _revinclude: " + limits.getMaxIncludes() + ", no `*` with `:iterate` (400)\n"
        + "* page size (_count): at most " + maxPageSize + "\n"
        + "* database time per statement: " + limits.getStatementTimeout().toSeconds() + " s; per request: "
        + limits.getRequestDatabaseTime().toSeconds() + " s (503)\n"
        + "* control characters (other than tab, CR, LF) in strings and search values: refused (400)\n";
  }

  @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
  public void describeLimits(IBaseConformance statement) {
    if (statement instanceof CapabilityStatement capabilities) {
      for (CapabilityStatementRestComponent rest : capabilities.getRest()) {
        String existing = rest.getDocumentation();
        rest.setDocumentation(existing == null || existing.isBlank() ? documentation
            : existing + "\n\n" + documentation);
      }
    }
  }
}
