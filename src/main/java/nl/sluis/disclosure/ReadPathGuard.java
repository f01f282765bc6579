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

/**
 * Request-level rules on the read paths of requesters whose reads are filtered: the existence oracles
 * (chained parameters, {@code _has}, counts, history with its deleted entries, {@code $meta}), operations outside
 * a short list, {@code $everything} on a patient they may not see; and one answer for "hidden" and "missing"
 * whatever HAPI's own message would be. (Each resource on a read path is decided by
 * {@link DisclosureConsentService}.)
 */
@Interceptor
public class ReadPathGuard {

  /** Operations a restricted requester may call; all others are refused. */
  static final Set<String> OPERATIONS_FOR_RESTRICTED = Set.of("$requester", "$everything", "$expand", "$lookup",
      "$validate-code", "$validate", "$explain-disclosure", "$meta",
      // decide themselves: $extract reads the response with the requester's own checks, $anonymised-summary
      // and $request-advice are for internal users and decide on the response and each finding
      "$extract", "$anonymised-summary", "$request-advice",
      // the audit trail's views (nl.sluis.audit): they check the caller's role and answer codes and references only
      "$verify-audit-chain", "$disclosure-report", "$disclosure-overview");
  private static final java.util.regex.Pattern OWN_NOT_KNOWN =
      java.util.regex.Pattern.compile("Resource [A-Za-z]+/[A-Za-z0-9.\\-]{1,64} is not known");
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
    refuseOracles(request.getParameters());
    switch (operation) {
      case HISTORY_INSTANCE, HISTORY_TYPE, HISTORY_SYSTEM -> throw new ForbiddenOperationException(
          "History is not available to this requester");
      case EXTENDED_OPERATION_INSTANCE, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_SERVER -> {
        if (!OPERATIONS_FOR_RESTRICTED.contains(request.getOperation())) {
          throw new ForbiddenOperationException("Operation " + request.getOperation()
              + " is not available to this requester");
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
          "$meta-add and $meta-delete are not available to this requester");
      default -> { }
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
          return new ResourceGoneException("Resource " + reference + " has been deleted");
        }
        return WritePathGuard.notKnown(reference);
      }
      if (OWN_NOT_KNOWN.matcher(String.valueOf(exception.getMessage())).matches()) {
        return null; // already ours, naming the entry's record (a transaction)
      }
      return new ResourceNotFoundException("The requested resource is not known");
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
      throw new ForbiddenOperationException("$meta is available to this requester on one record only");
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
      throw new ForbiddenOperationException("$everything is available to this requester for one patient only");
    }
    String patient = "Patient/" + request.getId().getIdPart();
    if (!service.isVisible(restricted, patient)) {
      throw new ResourceNotFoundException("Resource " + patient + " is not known");
    }
  }

  /** Parameters whose answers tell about records the requester may not see (also in bundle entries' URLs). */
  static void refuseOracles(Map<String, String[]> parameters) {
    for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
      String name = parameter.getKey();
      if (name.startsWith("_has")) {
        throw new InvalidRequestException("_has is not available to this requester: it would reveal records "
            + "it may not see");
      }
      if (!name.startsWith("_") && name.contains(".")) {
        throw new InvalidRequestException("Chained search parameters are not available to this requester: they "
            + "would reveal records it may not see");
      }
      if (name.equals("_summary") && Set.of(parameter.getValue()).contains("count") || name.equals("_total")) {
        throw new InvalidRequestException("Counts are not available to this requester");
      }
    }
  }
}
