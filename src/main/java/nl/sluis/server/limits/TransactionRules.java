package nl.sluis.server.limits;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;

/**
 * What FHIR forbids in one transaction and HAPI does not refuse cleanly: two entries that write the same
 * resource (PUT and DELETE of one id, two PUTs; R4 http.html#trules) and two conditional creates with the same
 * {@code ifNoneExist}. The URLs of batch and transaction entries get the same parameter bounds as a query.
 */
final class TransactionRules {

  private final QueryLimits queryLimits;

  TransactionRules(QueryLimits queryLimits) {
    this.queryLimits = queryLimits;
  }

  void check(Bundle bundle) {
    boolean transaction = bundle.getType() == Bundle.BundleType.TRANSACTION;
    if (!transaction && bundle.getType() != Bundle.BundleType.BATCH) {
      return;
    }
    Set<String> written = new HashSet<>();
    Set<String> conditionalCreates = new HashSet<>();
    for (BundleEntryComponent entry : bundle.getEntry()) {
      if (!entry.hasRequest()) {
        continue;
      }
      String url = entry.getRequest().getUrl();
      checkUrlParameters(url);
      checkUrlParameters(entry.getRequest().getIfNoneExist());
      if (!transaction) {
        continue;
      }
      HTTPVerb method = entry.getRequest().getMethod();
      if ((method == HTTPVerb.PUT || method == HTTPVerb.DELETE || method == HTTPVerb.PATCH)
          && url != null && !written.add(normalise(url))) {
        throw new InvalidRequestException(
            Messages.text("transaction.sameResourceTwice", shortUrl(url)));
      }
      if (method == HTTPVerb.POST && entry.getRequest().hasIfNoneExist()
          && !conditionalCreates.add(normalise(url) + "?" + entry.getRequest().getIfNoneExist())) {
        throw new InvalidRequestException(Messages.text("transaction.sameConditionTwice"));
      }
    }
  }

  private void checkUrlParameters(String url) {
    if (url == null) {
      return;
    }
    QueryLimits.checkText(url);
    int query = url.indexOf('?');
    String parameters = query < 0 ? (url.contains("=") ? url : null) : url.substring(query + 1);
    if (parameters != null) {
      Map<String, String[]> parsed = QueryStrings.parse(parameters);
      queryLimits.check(parsed);
    }
  }

  private static String normalise(String url) {
    String trimmed = url.startsWith("/") ? url.substring(1) : url;
    int history = trimmed.indexOf("/_history");
    return history < 0 ? trimmed : trimmed.substring(0, history);
  }

  private static String shortUrl(String url) {
    return url.length() > 80 ? url.substring(0, 80) + "…" : url;
  }
}
