package nl.sluis.audit;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.IPreResourceAccessDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.sluis.disclosure.DisclosureRequest;
import nl.sluis.disclosure.DisclosureRequest.RecordedDecision;
import nl.sluis.disclosure.engine.Basis;
import nl.sluis.disclosure.engine.SecurityLabel;
import org.hl7.fhir.instance.model.api.IBaseCoding;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the AuditEvents of a request's disclosure decisions before anything leaves: on
 * SERVER_OUTGOING_RESPONSE after the consent interceptor (which takes its last decisions on that same
 * pointcut), and on SERVER_PRE_PROCESS_OUTGOING_EXCEPTION for requests that end in an error (a read of a
 * hidden resource answers 404), before the disclosure guard rewrites that error. If the write fails the
 * request fails with 500 and its response body is never sent.
 */
@Interceptor
public class DisclosureAuditInterceptor {

  private static final Logger log = LoggerFactory.getLogger(DisclosureAuditInterceptor.class);
  /** How many of the request's decisions were handed to the writer already. */
  private static final String WRITTEN = DisclosureAuditInterceptor.class.getName() + ".written";
  private static final String EARLIER = DisclosureAuditInterceptor.class.getName() + ".earlierStates";
  private static final String VERY_RESTRICTED = DisclosureAuditInterceptor.class.getName() + ".veryRestricted";
  private final DisclosureAuditEvents events;
  private final AuditWriter writer;

  public DisclosureAuditInterceptor(DisclosureAuditEvents events, AuditWriter writer) {
    this.events = events;
    this.writer = writer;
  }

  /**
   * Remembers which resources of this request are labelled very restricted (also the ones the consent
   * interceptor hides), so that internal access to them is audited.
   */
  @Hook(value = Pointcut.STORAGE_PREACCESS_RESOURCES, order = 1000)
  public void noteVeryRestricted(RequestDetails request, IPreResourceAccessDetails details) {
    if (request == null || DisclosureRequest.of(request).isEmpty()) {
      return;
    }
    for (int i = 0; i < details.size(); i++) {
      IBaseResource resource = details.getResource(i);
      if (resource != null && isVeryRestricted(resource)) {
        veryRestricted(request).add(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
      }
    }
  }

  /**
   * Batch entries are sub-requests sharing the outer request's user data, and the consent interceptor
   * attaches a fresh disclosure state for each one, replacing the previous state. Before it does (this hook
   * runs first), keep the state in force so that the decisions it holds are audited too.
   */
  @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = -1000)
  public void keepEarlierStates(RequestDetails request) {
    if (!request.isSubRequest()) {
      // Created here, once, because HAPI runs batch entries on several threads sharing this user data map.
      request.getUserData().put(EARLIER, new CopyOnWriteArrayList<DisclosureRequest>());
      request.getUserData().put(VERY_RESTRICTED, ConcurrentHashMap.<String>newKeySet());
    }
    DisclosureRequest.of(request).ifPresent(current -> {
      List<DisclosureRequest> earlier = earlierStates(request);
      if (earlier.stream().noneMatch(s -> s == current)) {
        earlier.add(current);
      }
    });
  }

  @Hook(value = Pointcut.SERVER_OUTGOING_RESPONSE, order = 1000)
  public void beforeResponse(RequestDetails request) {
    audit(request, null);
  }

  /** Runs before the disclosure guard's hook on this pointcut (which stops the chain by answering). */
  @Hook(value = Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION, order = -1000)
  public BaseServerResponseException beforeError(RequestDetails request, Throwable exception) {
    if (request == null) {
      return null;
    }
    int status = exception instanceof BaseServerResponseException e ? e.getStatusCode() : 500;
    try {
      audit(request, status);
      return null;
    } catch (InternalErrorException auditFailed) {
      return auditFailed;
    }
  }

  private void audit(RequestDetails request, Integer errorStatus) {
    Optional<DisclosureRequest> state = DisclosureRequest.of(request);
    if (state.isEmpty() || request.isSubRequest()) {
      return; // batch entries share the outer request's decisions; it writes them all
    }
    List<RecordedDecision> all = new ArrayList<>();
    for (DisclosureRequest earlier : earlierStates(request)) {
      if (earlier != state.get()) {
        all.addAll(earlier.decisions());
      }
    }
    all.addAll(state.get().decisions());
    int written = (Integer) request.getUserData().getOrDefault(WRITTEN, 0);
    if (written >= all.size()) {
      return;
    }
    // Counted before writing: a failed write ends in the exception hook, which must not try again.
    request.getUserData().put(WRITTEN, all.size());
    List<RecordedDecision> fresh = List.copyOf(all.subList(written, all.size()));
    fresh.forEach(DisclosureAuditInterceptor::count);
    try {
      List<AuditEvent> events = this.events.events(state.get(), facts(request, errorStatus), fresh,
          veryRestricted(request));
      Timer.Sample started = Timer.start();
      writer.write(events);
      started.stop(AUDIT_WRITE);
    } catch (RuntimeException e) {
      log.error("Audit trail write failed; the response is refused", e);
      throw new InternalErrorException("The audit trail could not be written; nothing was disclosed");
    }
  }

  /**
   * {@code sluis.disclosure.decisions}: every decision of a restricted requester, by outcome and by the kind
   * of basis it rests on (consent or legal ground, organisation policy, law, or the engine failing closed).
   */
  private static void count(RecordedDecision decision) {
    String basis = decision.decision().basis().stream().map(Basis::kind)
        .filter(kind -> kind != Basis.Kind.GROUND_NOT_USED).findFirst()
        .map(kind -> kind.name().toLowerCase(java.util.Locale.ROOT)).orElse("none");
    String outcome = DisclosureAuditEvents.code(decision.decision().outcome());
    // looked up once per combination (both tags come from closed sets): the request path pays a map read
    DECISIONS.computeIfAbsent(outcome + "|" + basis,
        key -> Metrics.counter("sluis.disclosure.decisions", "outcome", outcome, "basis", basis)).increment();
  }

  private static final java.util.Map<String, io.micrometer.core.instrument.Counter> DECISIONS =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final Timer AUDIT_WRITE = Metrics.timer("sluis.audit.write");

  private static DisclosureAuditEvents.RequestFacts facts(RequestDetails request, Integer errorStatus) {
    String address = request instanceof ServletRequestDetails servlet && servlet.getServletRequest() != null
        ? servlet.getServletRequest().getRemoteAddr() : null;
    String url = request.getCompleteUrl();
    return new DisclosureAuditEvents.RequestFacts(request.getRestOperationType(), url, request.getRequestId(),
        address, errorStatus);
  }

  @SuppressWarnings("unchecked")
  private static List<DisclosureRequest> earlierStates(RequestDetails request) {
    return (List<DisclosureRequest>) request.getUserData().computeIfAbsent(EARLIER, k -> new CopyOnWriteArrayList<DisclosureRequest>());
  }

  @SuppressWarnings("unchecked")
  private static Set<String> veryRestricted(RequestDetails request) {
    return (Set<String>) request.getUserData().computeIfAbsent(VERY_RESTRICTED, k -> ConcurrentHashMap.<String>newKeySet());
  }

  private static boolean isVeryRestricted(IBaseResource resource) {
    for (IBaseCoding label : resource.getMeta().getSecurity()) {
      if (SecurityLabel.VERY_RESTRICTED.system().equals(label.getSystem())
          && SecurityLabel.VERY_RESTRICTED.code().equals(label.getCode())) {
        return true;
      }
    }
    return false;
  }
}
