package nl.sluis.disclosure;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which recipients each client's Consents name as provision actor, as they are written in the Consent (a URA, or
 * a reference to an Organization, Practitioner or PractitionerRole), in a table shared by every node: the
 * clients whose grounds could disclose anything to an external requester are then one indexed query away
 * ({@link GrantedClientsOnly}). Rows are added in the transaction that writes the Consent and never removed (a
 * revoked or changed Consent leaves its recipients behind): a row too many only makes a search look at a client
 * the decision then refuses; a row too few would hide what may be disclosed, so the table is used only after one
 * pass over every stored Consent has filled it ({@link #backfill}).
 */
final class NamedRecipients {

  static final String TABLE = "sluis_disclosure_recipient";
  /** The row that says every Consent stored before this table existed has been read (the backfill ended). */
  private static final String COMPLETE = "*backfilled*";
  private static final Logger log = LoggerFactory.getLogger(NamedRecipients.class);
  private static final int PAGE = 500;
  private final JdbcTemplate jdbc;
  private final boolean postgres;
  private volatile boolean complete;

  NamedRecipients(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.postgres = DecisionInputVersions.isPostgres(dataSource);
  }

  /** Plain JDBC at start-up; several nodes may race, the statement is idempotent. */
  void createIfMissing() {
    jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE
        + " (recipient VARCHAR(200) NOT NULL, client VARCHAR(64) NOT NULL, PRIMARY KEY (recipient, client))");
  }

  /** The recipients a Consent names, as keys (a requester's own: {@link GrantedClientsOnly}). */
  static Set<String> keysOf(Consent consent) {
    Set<String> keys = new TreeSet<>();
    if (consent.hasProvision()) {
      collect(consent.getProvision(), keys);
    }
    return keys;
  }

  private static void collect(Consent.ProvisionComponent provision, Set<String> keys) {
    for (Consent.provisionActorComponent actor : provision.getActor()) {
      Reference reference = actor.getReference();
      ura(reference.getIdentifier()).ifPresent(ura -> keys.add(uraKey(ura)));
      if (reference.hasReference() && !reference.getReference().startsWith("#")) {
        IdType id = new IdType(reference.getReference());
        String type = id.getResourceType();
        if (id.hasIdPart() // an absolute URL too: the Consent mapping reads it by type and id
            && ("Organization".equals(type) || "Practitioner".equals(type) || "PractitionerRole".equals(type))) {
          keys.add(type + "/" + id.getIdPart());
        }
      }
    }
    provision.getProvision().forEach(nested -> collect(nested, keys));
  }

  static String uraKey(String ura) {
    return "ura:" + ura;
  }

  private static java.util.Optional<String> ura(Identifier identifier) {
    return identifier != null && FhirCodes.URA.equals(identifier.getSystem()) && identifier.hasValue()
        ? java.util.Optional.of(identifier.getValue()) : java.util.Optional.empty();
  }

  /** Adds rows (in the caller's transaction when there is one); keys longer than the column are not stored. */
  void add(Map<String, Set<String>> keysByClient) {
    List<Object[]> rows = new ArrayList<>();
    keysByClient.forEach((client, keys) -> keys.forEach(key -> {
      if (key.length() <= 200 && client.length() <= 64) {
        rows.add(new Object[] {key, client});
      }
    }));
    if (rows.isEmpty()) {
      return;
    }
    jdbc.batchUpdate(postgres
        ? "INSERT INTO " + TABLE + " (recipient, client) VALUES (?, ?) ON CONFLICT DO NOTHING"
        : "MERGE INTO " + TABLE + " (recipient, client) KEY (recipient, client) VALUES (?, ?)", rows);
  }

  /**
   * The clients (sorted, at most {@code limit}) of whom some Consent names one of these keys; empty until the
   * backfill has ended, which callers check with {@link #complete()}.
   */
  List<String> clientsNaming(Collection<String> keys, int limit) {
    if (keys.isEmpty()) {
      return List.of();
    }
    String marks = String.join(", ", java.util.Collections.nCopies(keys.size(), "?"));
    List<Object> arguments = new ArrayList<>(keys);
    arguments.add(limit);
    return jdbc.queryForList("SELECT DISTINCT client FROM " + TABLE + " WHERE recipient IN (" + marks
        + ") ORDER BY client LIMIT ?", String.class, arguments.toArray());
  }

  /** Whether every stored Consent's recipients are in the table (the backfill ended once, on any node). */
  boolean complete() {
    if (!complete) {
      complete = !jdbc.queryForList("SELECT client FROM " + TABLE + " WHERE recipient = ?", String.class, COMPLETE)
          .isEmpty();
    }
    return complete;
  }

  /**
   * Reads every stored Consent once and adds its recipients, then marks the table complete; does nothing when it
   * is. Consents written meanwhile add their own rows. Safe on several nodes at once.
   */
  void backfill(DaoRegistry daos) {
    if (complete()) {
      return;
    }
    long started = System.nanoTime();
    int read = 0;
    for (int offset = 0; ; offset += PAGE) {
      // ids by offset (as the snapshot backfill pages Patients), then those Consents in one search by _id
      SearchParameterMap idPage = SearchParameterMap.newSynchronous();
      idPage.setLoadSynchronousUpTo(PAGE);
      idPage.setOffset(offset);
      idPage.setSort(new SortSpec("_id"));
      List<IIdType> ids = daos.getResourceDao("Consent").searchForResourceIds(idPage, new SystemRequestDetails());
      if (!ids.isEmpty()) {
        TokenOrListParam byId = new TokenOrListParam();
        ids.forEach(id -> byId.addOr(new TokenParam(id.getIdPart())));
        SearchParameterMap consents = SearchParameterMap.newSynchronous().add("_id", byId);
        consents.setLoadSynchronousUpTo(PAGE);
        Map<String, Set<String>> keys = new java.util.HashMap<>();
        for (IBaseResource resource : daos.getResourceDao("Consent").search(consents, new SystemRequestDetails())
            .getAllResources()) {
          read++;
          if (resource instanceof Consent consent && consent.getPatient().getReferenceElement().hasIdPart()) {
            keys.computeIfAbsent(consent.getPatient().getReferenceElement().getIdPart(), c -> new TreeSet<>())
                .addAll(keysOf(consent));
          }
        }
        add(keys);
      }
      if (ids.size() < PAGE) {
        break;
      }
    }
    add(Map.of("complete", Set.of(COMPLETE)));
    complete = true;
    log.info("Recipients named by consents: {} Consents read in {} ms", read, (System.nanoTime() - started) / 1_000_000);
  }

  /** The rows for one client (tests). */
  List<String> keysOfClient(String client) {
    return jdbc.queryForList("SELECT recipient FROM " + TABLE + " WHERE client = ? ORDER BY recipient", String.class,
        client);
  }
}
