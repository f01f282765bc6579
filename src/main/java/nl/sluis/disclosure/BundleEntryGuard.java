package nl.sluis.disclosure;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.sluis.security.RequesterContext;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * Batch and transaction entries of requesters whose reads are filtered get the same rules as the requests
 * they stand for (see {@link ReadPathGuard}, {@link WritePathGuard} and, for conditional entries,
 * {@link ConditionalMatches}), and "hidden" answers exactly like
 * "missing" per entry. An entry that reads, changes or deletes a record by id the requester may not see — or
 * one that does not exist — answers 404 "not known": a transaction fails as a whole before any work is done; a
 * batch entry fails alone and its answer never reports a write that did not happen (a no-op update or a delete
 * of nothing would otherwise answer 200/204).
 */
@Interceptor
public class BundleEntryGuard {

  private static final String NOT_VISIBLE = BundleEntryGuard.class.getName() + ".notVisible";
  private final DisclosureService service;
  private final ConditionalMatches conditionalMatches;

  BundleEntryGuard(DisclosureService service, ConditionalMatches conditionalMatches) {
    this.service = service;
    this.conditionalMatches = conditionalMatches;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void guard(RequestDetails request, RestOperationTypeEnum operation) {
    if (operation != RestOperationTypeEnum.TRANSACTION && operation != RestOperationTypeEnum.BATCH) {
      return;
    }
    Optional<RequesterContext> requester = service.restrictedRequester(request);
    if (requester.isEmpty() || !(request.getResource() instanceof Bundle bundle)) {
      return;
    }
    // HAPI names both TRANSACTION: the bundle's own type tells them apart
    boolean transaction = bundle.getType() == Bundle.BundleType.TRANSACTION;
    boolean outsider = !requester.get().internal();
    Set<String> notVisible = new java.util.HashSet<>();
    ConditionalMatches.resolved(request);
    DisclosureRequest state = null;
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      Bundle.BundleEntryRequestComponent call = entry.getRequest();
      boolean read = call.getMethod() == Bundle.HTTPVerb.GET || call.getMethod() == Bundle.HTTPVerb.HEAD;
      if (!read && outsider) {
        throw WritePathGuard.outsiderWrite();
      }
      String url = call.getUrl() == null ? "" : call.getUrl();
      if (call.hasIfNoneExist() && call.getMethod() != Bundle.HTTPVerb.POST) {
        throw WritePathGuard.ifNoneExistOnlyOnCreate();
      }
      if (!read && url.contains("?")) {
        ReadPathGuard.refuseOracles(parameters(url.substring(url.indexOf('?') + 1)));
      }
      if (!read && (call.hasIfNoneExist() || url.contains("?"))) {
        // resolved among the records the requester may see (ConditionalMatches), like a direct request
        conditionalMatches.prepareEntry(request, requester.get(), entry);
      }
      if (read && url.contains("?")) {
        Map<String, String[]> parameters = parameters(url.substring(url.indexOf('?') + 1));
        ReadPathGuard.refuseOracles(parameters);
        SynchronousSearchRefusal.refuseOffset(parameters);
        if (parameters.containsKey(Constants.PARAM_PAGINGACTION)) {
          // HAPI serves a page in a batch without the hooks that check whose search made it
          throw new InvalidRequestException(Messages.text("batch.pageLinks"));
        }
      }
      if (read && url.contains("_history")) {
        throw new ForbiddenOperationException(Messages.text("disclosure.historyClosed"));
      }
      if (read && url.contains("$") && !url.contains("$everything")) {
        throw new ForbiddenOperationException(Messages.text("batch.operationsClosed"));
      }
      String target = byId(url);
      if (target != null && (!read || transaction)) {
        state = state == null ? service.begin(requester.get()) : state;
        if (!service.isVisible(state, target)) {
          if (transaction) {
            throw WritePathGuard.notKnown(target);
          }
          notVisible.add(target);
        }
      }
    }
    ConditionalReferences.refuse(service.fhirContext(), request);
    request.getUserData().put(NOT_VISIBLE, Set.copyOf(notVisible));
  }

  /**
   * An update of an id the requester may not see must not become a create (update-as-create of a missing id),
   * in a batch where the entry was let through to fail on its own.
   */
  @Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = -150)
  public void noCreateUnderAHiddenId(IBaseResource created, RequestDetails request) {
    if (request != null && created.getIdElement().hasIdPart()) {
      String reference = created.fhirType() + "/" + created.getIdElement().getIdPart();
      if (notVisible(request).contains(reference)) {
        throw WritePathGuard.notKnown(reference);
      }
    }
  }

  /** Batch entries about records the requester may not see answer as missing, whatever HAPI answered. */
  @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
  public void uniformEntries(RequestDetails request, IBaseResource response) {
    if (!(response instanceof Bundle answers) || answers.getType() != Bundle.BundleType.BATCHRESPONSE
        || service.restrictedRequester(request).isEmpty() || !(request.getResource() instanceof Bundle batch)) {
      return;
    }
    Set<String> notVisible = notVisible(request);
    for (int i = 0; i < answers.getEntry().size() && i < batch.getEntry().size(); i++) {
      Bundle.BundleEntryResponseComponent answer = answers.getEntry().get(i).getResponse();
      String url = batch.getEntry().get(i).getRequest().getUrl();
      String status = answer.getStatus() == null ? "" : answer.getStatus();
      String target = byId(url == null ? "" : url);
      if (status.startsWith("404") || status.startsWith("410") || (target != null && notVisible.contains(target))) {
        String named = target != null ? target : (url == null ? "" : url.split("\\?")[0]);
        Bundle.BundleEntryComponent uniform = new Bundle.BundleEntryComponent();
        uniform.getResponse().setStatus("404 Not Found").setOutcome(new OperationOutcome().addIssue(
            new OperationOutcome.OperationOutcomeIssueComponent()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(OperationOutcome.IssueType.NOTFOUND)
                .setDiagnostics(Messages.text("resource.notKnown", named))));
        answers.getEntry().set(i, uniform);
      }
    }
  }

  private static String decoded(String part) {
    try {
      return java.net.URLDecoder.decode(part, java.nio.charset.StandardCharsets.UTF_8);
    } catch (IllegalArgumentException malformed) {
      throw new ca.uhn.fhir.rest.server.exceptions.InvalidRequestException(
          "A bundle entry's URL has an invalid %-escape");
    }
  }

  @SuppressWarnings("unchecked")
  private static Set<String> notVisible(RequestDetails request) {
    Object marked = request.getUserData().get(NOT_VISIBLE);
    return marked == null ? Set.of() : (Set<String>) marked;
  }

  /** {@code Type/id} when the entry's URL names one record by id (also with {@code _history/v}), else null. */
  static String byId(String url) {
    String path = url.split("\\?")[0];
    if (path.startsWith("/")) {
      path = path.substring(1);
    }
    String[] parts = path.split("/");
    if (parts.length < 2 || parts[0].isEmpty() || !Character.isUpperCase(parts[0].charAt(0))
        || parts[1].isEmpty() || parts[1].startsWith("$") || parts[1].startsWith("_")) {
      return null;
    }
    return new IdType(parts[0], parts[1]).getValue();
  }

  static Map<String, String[]> parameters(String query) {
    Map<String, String[]> parameters = new java.util.LinkedHashMap<>();
    for (String pair : query.split("&")) {
      String name = decoded(pair.split("=", 2)[0]);
      String value = pair.contains("=") ? decoded(pair.split("=", 2)[1]) : "";
      parameters.merge(name, new String[] {value}, (a, b) -> {
        String[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
      });
    }
    return parameters;
  }
}
