package nl.sluis.server.limits;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * For a single resource, HAPI answers {@code _summary=text} with the bare narrative as text/html, and with a
 * 500 when there is no narrative (none was written, or disclosure removed it). The request is answered as
 * FHIR instead: the resource with only its narrative, id and meta ({@code _elements=text}). Bundles (searches,
 * history) keep HAPI's own handling, which is FHIR.
 */
final class SummaryTextRule {

  private static final Set<RestOperationTypeEnum> BUNDLE_ANSWERS = EnumSet.of(
      RestOperationTypeEnum.SEARCH_TYPE, RestOperationTypeEnum.SEARCH_SYSTEM,
      RestOperationTypeEnum.HISTORY_INSTANCE, RestOperationTypeEnum.HISTORY_TYPE,
      RestOperationTypeEnum.HISTORY_SYSTEM, RestOperationTypeEnum.GET_PAGE,
      RestOperationTypeEnum.TRANSACTION);

  private SummaryTextRule() {}

  static void apply(RequestDetails request) {
    String[] summary = request.getParameters().get("_summary");
    if (summary == null || BUNDLE_ANSWERS.contains(request.getRestOperationType())) {
      return;
    }
    boolean textOnly = false;
    for (String value : summary) {
      textOnly |= "text".equals(value);
    }
    if (!textOnly) {
      return;
    }
    Map<String, String[]> rewritten = new LinkedHashMap<>(request.getParameters());
    rewritten.remove("_summary");
    rewritten.put("_elements", new String[] {"text"});
    request.setParameters(rewritten);
  }
}
