package nl.sluis.audit;

import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.List;
import org.hl7.fhir.r4.model.AuditEvent;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The only code that stores AuditEvents. Synchronous: a request's events are chained and committed
 * before its response is sent; any failure propagates, so the caller can refuse the response.
 */
public class AuditWriter {

  /** User-data key marking a write as the writer's own; the value is this writer instance. */
  static final String MARKER = AuditWriter.class.getName();
  private final IFhirResourceDao<AuditEvent> dao;
  private final TransactionTemplate transactions;
  private final AuditChainHead head;
  private final AuditChainHash hash;

  AuditWriter(IFhirResourceDao<AuditEvent> dao, TransactionTemplate transactions, AuditChainHead head,
      AuditChainHash hash) {
    this.dao = dao;
    this.transactions = transactions;
    this.head = head;
    this.hash = hash;
  }

  /** Chains and stores the events in one transaction (one lock of the chain head for all of them). */
  public void write(List<AuditEvent> events) {
    if (events.isEmpty()) {
      return;
    }
    transactions.executeWithoutResult(status -> {
      AuditChainHead.Head current = head.lock();
      for (AuditEvent event : events) {
        long sequence = current.sequence() + 1;
        hash.seal(event, sequence, current.hash());
        dao.create(event, writerRequest());
        current = new AuditChainHead.Head(sequence, AuditChainHash.value(event, AuditChainHash.HASH_URL).orElseThrow());
      }
      head.advance(current);
    });
  }

  /** Whether a storage call comes from this writer (see {@link AppendOnlyGuard}). */
  boolean isOwnWrite(RequestDetails request) {
    return request instanceof SystemRequestDetails && request.getUserData().get(MARKER) == this;
  }

  private RequestDetails writerRequest() {
    SystemRequestDetails request = new SystemRequestDetails();
    request.getUserData().put(MARKER, this);
    return request;
  }
}
