package nl.sluis.disclosure;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.sluis.security.RequesterContext;
import nl.sluis.server.language.Messages;

/**
 * Request-level rules on the read paths of requesters whose reads are filtered: the existence oracles
 * (chained parameters, outsiders' {@code _has}, counts in batches, system history and outsiders' history, {@code $meta}),
 * an internal user's instance history only of a record it may see, in one page without counts; operations outside
 * a short list, {@code $everything} on a patient they may not see; and one answer for "hidden" and "missing"
 * whatever HAPI's own message would be. (Each resource on a read path is decided by
 * {@link DisclosureConsentService}.)
 */
@Interceptor
public class ReadPathGuard {

  /** Operations a restricted requester may call; all others are refused. */
  static final Set<String> OPERATIONS_FOR_RESTRICTED = Set.of("$requester", "$everything", "$expand", "$lookup",
      "$validate-code", "$validate", "$explain-disclosure", "$organisation-policy", "$meta",
      // decide themselves: $extract reads the response with the requester's own checks, $anonymised-summary
      // and $request-advice are for internal users and decide on the response and each finding
      "$extract", "$anonymised-summary", "$request-advice",
      // the audit trail's views (nl.sluis.audit): they check the caller's role and answer codes and references only
      "$verify-audit-chain", "$disclosure-report", "$disclosure-overview");
  /** A reference as Sluis names it in its "not known" answer. */
  private static final String NAMED_REFERENCE = "[A-Za-z]+/[A-Za-z0-9.\\-]{1,64}";
  /** The one page of an internal user's instance history (HAPI's largest page; more versions are not shown). */
  static final int HISTORY_PAGE = 200;
  private final DisclosureService service;

  ReadPathGuard(DisclosureService service) {
    this.service = service;
  }

  @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
  public void guard(RequestDetails request, RestOperationTypeEnum operation) {
    Optional<RequesterContext> requester = service.restrictedRequester(request);
    if (requester.isEmpty()) {
      return;
    }
    refuseOracles(request.getParameters(), requester.get().internal());
    switch (operation) {
      case HISTORY_INSTANCE -> {
        if (!requester.get().internal()) {
          throw historyRefused();
        }
        requireKnownRecord(request);
      }
      case HISTORY_TYPE -> {
        if (!requester.get().internal()) {
          throw historyRefused(); // internal users: one page of what they may see (TypeHistory)
        }
      }
      case HISTORY_SYSTEM -> throw historyRefused();
      case EXTENDED_OPERATION_INSTANCE, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_SERVER -> {
        if (!OPERATIONS_FOR_RESTRICTED.contains(request.getOperation())) {
          throw new ForbiddenOperationException(
              Messages.text("disclosure.operationClosed", request.getOperation()));
        }
        if (operation == RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE && "$validate".equals(request.getOperation())) {
          requireVisibleTarget(request); // mode=delete reads the stored record: only one the requester may see
        }
        if ("$meta".equals(request.getOperation())) {
          requireOneVisibleRecord(request, operation);
        }
        if ("$everything".equals(request.getOperation())) {
          requireVisiblePatient(request, service.begin(requester.get()), operation);
        }
      }
      case META -> requireOneVisibleRecord(request, operation);
      case META_ADD, META_DELETE -> throw new ForbiddenOperationException(
          Messages.text("disclosure.metaWritesClosed"));
      default -> { }
    }
  }

  static ForbiddenOperationException historyRefused() {
    return new ForbiddenOperationException(Messages.text("disclosure.historyClosed"));
  }

  /**
   * An internal user's instance history is one page: HAPI pages a history before the decision, so a short page
   * (or a next link) would count versions the user may not see. The largest page is asked for, whatever
   * {@code _count} the user sent; the answer carries no total and no paging links ({@link #noCountsInHistory}).
   */
  @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
  public void wholeHistory(RequestDetails request) {
    if (request.getRestOperationType() != RestOperationTypeEnum.HISTORY_INSTANCE
        || service.restrictedRequester(request).isEmpty()) {
      return;
    }
    Map<String, String[]> parameters = new java.util.LinkedHashMap<>(request.getParameters());
    parameters.put(ca.uhn.fhir.rest.api.Constants.PARAM_COUNT, new String[] {Integer.toString(HISTORY_PAGE)});
    request.setParameters(parameters);
  }

  /** Versions are decided one by one (the consent hooks); a restricted requester is never told how many. */
  @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
  public void noCountsInHistory(RequestDetails request, org.hl7.fhir.instance.model.api.IBaseResource response) {
    if (request == null || request.getRestOperationType() != RestOperationTypeEnum.HISTORY_INSTANCE
        || !(response instanceof org.hl7.fhir.r4.model.Bundle history)
        || service.restrictedRequester(request).isEmpty()) {
      return;
    }
    history.setTotalElement(null);
    history.getLink().removeIf(link -> !org.hl7.fhir.r4.model.Bundle.LINK_SELF.equals(link.getRelation()));
  }

  /**
   * An instance history only of a record the requester may see, or of a deleted one whose last version it could
   * see (as a read answers 410 only then); otherwise it answers like a missing record's.
   */
  private void requireKnownRecord(RequestDetails request) {
    if (request.getId() == null || !request.getId().hasIdPart()) {
      throw WritePathGuard.notKnown(request.getResourceName());
    }
    String reference = request.getResourceName() + "/" + request.getId().getIdPart();
    DisclosureRequest state = DisclosureRequest.of(request)
        .orElseGet(() -> service.begin(service.restrictedRequester(request).orElseThrow()));
    boolean known = service.isVisible(state, reference) || state.records().lastVersionBeforeDeletion(reference)
        .map(last -> service.decide(state, last).isDisclosed()).orElse(false);
    if (!known) {
      throw WritePathGuard.notKnown(reference);
    }
  }

  /** A hidden resource answers exactly like a missing one, whatever HAPI's own message would be. */
  @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
  public BaseServerResponseException uniformNotFound(RequestDetails request, Throwable exception) {
    if (request == null || service.restrictedRequester(request).isEmpty()
        || request.getRestOperationType() == RestOperationTypeEnum.GET_PAGE) {
      return null;
    }
    if (exception instanceof ResourceNotFoundException || exception instanceof ResourceGoneException) {
      if (request.getId() != null && request.getId().hasIdPart()) {
        String reference = request.getResourceName() + "/" + request.getId().getIdPart();
        if (exception instanceof ResourceGoneException && wasVisible(request, reference)) {
          return new ResourceGoneException(Messages.text("resource.deleted", reference));
        }
        return WritePathGuard.notKnown(reference);
      }
      if (Messages.isTextOf("resource.notKnown", exception.getMessage(), NAMED_REFERENCE)) {
        return null; // already ours, naming the entry's record (a transaction)
      }
      return new ResourceNotFoundException(Messages.text("resource.requestedNotKnown"));
    }
    return null;
  }

  /**
   * A read of a deleted record answers 410 only to a requester who may see its last version (FHIR's "gone"); to
   * anyone else it answers like a record that never existed, so that a deletion tells nothing about hidden data.
   */
  private boolean wasVisible(RequestDetails request, String reference) {
    RestOperationTypeEnum operation = request.getRestOperationType();
    if (operation != RestOperationTypeEnum.READ && operation != RestOperationTypeEnum.VREAD) {
      return false;
    }
    DisclosureRequest state = DisclosureRequest.of(request)
        .orElseGet(() -> service.begin(service.restrictedRequester(request).orElseThrow()));
    return state.records().lastVersionBeforeDeletion(reference)
        .map(last -> service.decide(state, last).isDisclosed()).orElse(false);
  }

  /** {@code $meta} of one record the requester may see; a type's or the server's lists every record's tags. */
  private void requireOneVisibleRecord(RequestDetails request, RestOperationTypeEnum operation) {
    if (request.getId() == null || !request.getId().hasIdPart()
        || operation == RestOperationTypeEnum.EXTENDED_OPERATION_TYPE
        || operation == RestOperationTypeEnum.EXTENDED_OPERATION_SERVER) {
      throw new ForbiddenOperationException(Messages.text("disclosure.metaOneRecord"));
    }
    requireVisibleTarget(request);
  }

  /** The operation's record must be one the requester may see; otherwise it answers like a missing one. */
  private void requireVisibleTarget(RequestDetails request) {
    String reference = request.getResourceName() + "/" + request.getId().getIdPart();
    DisclosureRequest state = DisclosureRequest.of(request)
        .orElseGet(() -> service.begin(service.restrictedRequester(request).orElseThrow()));
    if (!service.isVisible(state, reference)) {
      throw WritePathGuard.notKnown(reference);
    }
  }

  /** $everything only on one patient the requester may see; otherwise it answers like a missing patient. */
  private void requireVisiblePatient(RequestDetails request, DisclosureRequest restricted,
      RestOperationTypeEnum operation) {
    if (operation != RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE || request.getId() == null) {
      throw new ForbiddenOperationException(Messages.text("disclosure.everythingOnePatient"));
    }
    String patient = "Patient/" + request.getId().getIdPart();
    if (!service.isVisible(restricted, patient)) {
      throw new ResourceNotFoundException(Messages.text("resource.notKnown", patient));
    }
  }

  /** Parameters whose answers tell about records the requester may not see (also in bundle entries' URLs). */
  static void refuseOracles(Map<String, String[]> parameters) {
    refuseOracles(parameters, false);
  }

  /** As above; an internal requester may chain on an identifier value ({@link IdentifierChains} resolves it). */
  static void refuseOracles(Map<String, String[]> parameters, boolean identifierChains) {
    for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
      String name = parameter.getKey();
      if (identifierChains && IdentifierChains.isIdentifierChain(name, parameter.getValue())) {
        continue;
      }
      if (name.startsWith("_has")) {
        throw new InvalidRequestException(Messages.text("disclosure.hasClosed"));
      }
      if (!name.startsWith("_") && name.contains(".")) {
        throw IdentifierChains.refused();
      }
      if (name.equals("_summary") && Set.of(parameter.getValue()).contains("count") || name.equals("_total")) {
        throw new InvalidRequestException(Messages.text("disclosure.countsClosed"));
      }
    }
  }
}
