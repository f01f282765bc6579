package nl.sluis.disclosure;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * A view that pages its own rows, not HAPI's search tables, and that only requesters who see every row may call
 * (the audit trail's views): no disclosure filter cuts its pages, so {@code _offset} cannot count hidden rows and
 * is the view's to bound. Declared by the module that serves the view; {@link SynchronousSearchRefusal} leaves
 * such requests alone.
 */
public interface SelfPagedView {

  boolean serves(RequestDetails request, RestOperationTypeEnum operation);
}
