package nl.sluis.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.model.api.IQueryParameterAnd;
import ca.uhn.fhir.model.api.IQueryParameterOr;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.annotation.Validate;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.SortOrderEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.ValidationModeEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateParam;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.parser.IParser;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import nl.sluis.security.RequesterContext;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;

/**
 * Serves {@code /fhir/AuditEvent} from the audit log, its only copy: read, vread and search, nothing else
 * (writes are refused by {@link AppendOnlyGuard}). An event's id is its chain sequence number. Only the
 * privacy officer and trusted systems read events: to anyone else a read answers 404 exactly like a missing
 * event, and a search is refused before it runs ({@link AuditTrailSearchGuard}). Pages are plain search URLs
 * with {@code _offset}: each page is a new search, authorised like the first, so a page link is worth
 * nothing to anyone who could not run the search. {@link AuditEventCapability} advertises exactly this.
 */
public class AuditEventProvider implements IResourceProvider {

  /** Name and FHIR type of every search parameter served (besides {@code _count}, {@code _offset}, {@code _sort}). */
  static final List<String[]> SEARCH_PARAMETERS = List.of(
      new String[] {"_id", "token"}, new String[] {"date", "date"}, new String[] {"patient", "reference"},
      new String[] {"entity", "reference"}, new String[] {"agent", "reference"},
      new String[] {"agent-identifier", "token"}, new String[] {"outcome", "token"},
      new String[] {"purpose", "token"}, new String[] {"subtype", "token"}, new String[] {"basis", "reference"},
      new String[] {"legal-ground", "token"});

  /** Result parameters besides the search parameters; HAPI handles the formatting ones itself. */
  private static final Set<String> CONTROLS = Set.of("_id", "_count", "_offset", "_sort", "_format", "_pretty",
      "_elements", "_summary");
  private final AuditLog auditLog;
  private final AuditAccess access;
  private final IFhirResourceDao<AuditEvent> validator;
  private final FhirContext fhir;
  private final int defaultCount;
  private final int maxCount;

  AuditEventProvider(AuditLog auditLog, AuditAccess access, IFhirResourceDao<AuditEvent> validator, FhirContext fhir,
      int defaultCount, int maxCount) {
    this.auditLog = auditLog;
    this.access = access;
    this.validator = validator;
    this.fhir = fhir;
    this.defaultCount = defaultCount;
    this.maxCount = maxCount;
  }

  @Override
  public Class<? extends IBaseResource> getResourceType() {
    return AuditEvent.class;
  }

  @Read(version = true)
  public AuditEvent read(@IdParam IdType id, RequestDetails request) {
    Long sequence = sequence(id.getIdPart());
    boolean knownVersion = !id.hasVersionIdPart() || "1".equals(id.getVersionIdPart());
    if (!mayRead(request) || sequence == null || !knownVersion) {
      throw notFound(id);
    }
    AuditLog.Entry entry = auditLog.read(sequence).orElseThrow(() -> notFound(id));
    return AuditLog.event(entry, fhir.newJsonParser());
  }

  @Search
  public IBundleProvider search(
      @OptionalParam(name = "_id") TokenAndListParam ids,
      @OptionalParam(name = "date") DateRangeParam date,
      @OptionalParam(name = "patient") ReferenceAndListParam patient,
      @OptionalParam(name = "entity") ReferenceAndListParam entity,
      @OptionalParam(name = "agent") ReferenceAndListParam agent,
      @OptionalParam(name = "agent-identifier") TokenAndListParam agentIdentifier,
      @OptionalParam(name = "outcome") TokenAndListParam outcome,
      @OptionalParam(name = "purpose") TokenAndListParam purpose,
      @OptionalParam(name = "subtype") TokenAndListParam subtype,
      @OptionalParam(name = "basis") ReferenceAndListParam basis,
      @OptionalParam(name = "legal-ground") TokenAndListParam legalGround,
      @Sort SortSpec sort,
      @Count Integer count,
      @Offset Integer offset,
      RequestDetails request) {
    if (!mayRead(request)) {
      throw new ForbiddenOperationException(Messages.text("audit.privacyOfficerOnly"));
    }
    // HAPI passes unknown _-parameters (_lastUpdated, _total, ...) to a plain provider silently: refuse them
    request.getParameters().keySet().stream().filter(name -> name.startsWith("_") && !CONTROLS.contains(name))
        .findFirst().ifPresent(name -> {
          throw new InvalidRequestException(Messages.text("audit.parameterNotSupported", name));
        });
    List<List<AuditSearchTerms.Term>> terms = new ArrayList<>();
    terms(terms, "entity", entity, AuditEventProvider::reference);
    terms(terms, "agent", agent, AuditEventProvider::reference);
    terms(terms, "basis", basis, AuditEventProvider::reference);
    terms(terms, "agent-identifier", agentIdentifier, AuditEventProvider::token);
    terms(terms, "outcome", outcome, AuditEventProvider::token);
    terms(terms, "purpose", purpose, AuditEventProvider::token);
    terms(terms, "subtype", subtype, AuditEventProvider::token);
    terms(terms, "legal-ground", legalGround, AuditEventProvider::token);
    int pageSize = Math.max(0, Math.min(count == null ? defaultCount : count, maxCount));
    int start = offset == null ? 0 : Math.max(0, offset);
    Long[] period = range(date);
    AuditLog.Query query = new AuditLog.Query(allOf(ids, id -> sequence(token(id))),
        allOf(patient, p -> reference(p).contains("/") ? reference(p) : "Patient/" + reference(p)),
        period[0], period[1], terms, newestFirst(sort), start, pageSize + 1);
    List<AuditLog.Entry> rows = pageSize == 0 ? List.of() : auditLog.search(query);
    IParser parser = fhir.newJsonParser();
    List<IBaseResource> events = new ArrayList<>();
    for (AuditLog.Entry row : rows.subList(0, Math.min(rows.size(), pageSize))) {
      events.add(AuditLog.event(row, parser));
    }
    // HAPI builds the _offset links from the offset, the page size, and whether more rows were fetched
    SimpleBundleProvider page = new SimpleBundleProvider(events);
    page.setCurrentPageOffset(start);
    page.setCurrentPageSize(Math.max(1, pageSize));
    page.setTotalResourcesRequestedReturned(rows.size());
    page.setSize(rows.size() > pageSize ? null : start + events.size());
    return page;
  }

  /** Validation only (nothing is stored): checks an AuditEvent against the profiles, like any resource. */
  @Validate
  public MethodOutcome validate(@ResourceParam AuditEvent resource, @ResourceParam String raw,
      @ResourceParam EncodingEnum encoding, @Validate.Mode ValidationModeEnum mode,
      @Validate.Profile String profile, RequestDetails request) {
    return validator.validate(resource, null, raw, encoding, mode, profile, request);
  }

  private boolean mayRead(RequestDetails request) {
    return RequesterContext.of(request).map(access::isPrivacyOfficerOrTrusted).orElse(false);
  }

  private static ResourceNotFoundException notFound(IdType id) {
    return new ResourceNotFoundException(new IdType("AuditEvent", id.getIdPart()));
  }

  private static Long sequence(String id) {
    return id != null && id.matches("[1-9][0-9]{0,17}") ? Long.parseLong(id) : null;
  }

  /** The values every AND-ed occurrence names (any of its OR-ed ones); null when the parameter is absent. */
  private static <T extends IQueryParameterType, V> Set<V> allOf(
      IQueryParameterAnd<? extends IQueryParameterOr<T>> and, Function<T, V> value) {
    if (and == null) {
      return null;
    }
    Set<V> result = null;
    for (IQueryParameterOr<T> or : and.getValuesAsQueryTokens()) {
      Set<V> any = new HashSet<>();
      or.getValuesAsQueryTokens().stream().map(value).filter(Objects::nonNull).forEach(any::add);
      if (result == null) {
        result = any;
      } else {
        result.retainAll(any);
      }
    }
    return result;
  }

  /** One OR-group of index terms per AND-ed occurrence of the parameter. */
  private static <T extends IQueryParameterType> void terms(List<List<AuditSearchTerms.Term>> terms, String name,
      IQueryParameterAnd<? extends IQueryParameterOr<T>> and, Function<T, String> value) {
    if (and != null) {
      for (IQueryParameterOr<T> or : and.getValuesAsQueryTokens()) {
        terms.add(or.getValuesAsQueryTokens().stream().map(v -> new AuditSearchTerms.Term(name, value.apply(v))).toList());
      }
    }
  }

  /** {@code code} or {@code system|code}, as indexed. */
  private static String token(TokenParam token) {
    if (token.getModifier() != null || token.getMissing() != null || token.getValue() == null) {
      throw new InvalidRequestException(Messages.text("audit.modifiersNotSupported"));
    }
    String system = token.getSystem();
    return system == null || system.isEmpty() ? token.getValue() : system + "|" + token.getValue();
  }

  private static String reference(ReferenceParam reference) {
    if (reference.getChain() != null && !reference.getChain().isEmpty() || reference.getMissing() != null) {
      throw new InvalidRequestException(Messages.text("audit.chainsNotSupported"));
    }
    String id = reference.getIdPart();
    String type = reference.getResourceType();
    return type != null && id != null && !reference.getValue().contains("/") ? type + "/" + id : reference.getValue();
  }

  /** [from, to] in epoch milliseconds, null where open; {@code ne} and {@code ap} have no range. */
  private static Long[] range(DateRangeParam date) {
    if (date == null) {
      return new Long[2];
    }
    for (DateParam bound : new DateParam[] {date.getLowerBound(), date.getUpperBound()}) {
      if (bound != null && (bound.getPrefix() == ParamPrefixEnum.NOT_EQUAL || bound.getPrefix() == ParamPrefixEnum.APPROXIMATE)) {
        throw new InvalidRequestException(Messages.text("audit.datePrefixNotSupported"));
      }
    }
    Date from = date.getLowerBoundAsInstant();
    Date to = date.getUpperBoundAsInstant();
    return new Long[] {from == null ? null : from.getTime(), to == null ? null : to.getTime()};
  }

  private static boolean newestFirst(SortSpec sort) {
    if (sort == null) {
      return false;
    }
    if (!"date".equals(sort.getParamName()) || sort.getChain() != null) {
      throw new InvalidRequestException(Messages.text("audit.sortByDateOnly"));
    }
    return sort.getOrder() == SortOrderEnum.DESC;
  }
}
