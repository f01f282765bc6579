package nl.sluis.disclosure;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.CareTeam;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The parties each client's records name where a decision looks for the requester: the recipients (provision
 * actors) of its Consents, and the members of its CareTeams; as written in the record (a URA, or a reference to an
 * Organization, Practitioner or PractitionerRole), in a table shared by every node. The clients whose records could
 * be disclosed to a requester are then one indexed query away ({@link RequesterClientsOnly}). Rows are added in the
 * transaction that writes the Consent or CareTeam and never removed (a revoked consent or a member who left leaves
 * the row behind): a row too many only makes a search look at a client the decision then refuses; a row too few would
 * hide what may be disclosed, so the table is used only after one pass over every stored Consent and CareTeam has
 * filled it ({@link #backfill}).
 */
final class ClientParties {

  static final String TABLE = "sluis_client_party";
  /** Keys of recipients named by a Consent's provisions. */
  static final String RECIPIENT = "recipient:";
  /** Keys of members of a CareTeam. */
  static final String CARE_TEAM = "care-team:";
  /** The row that says every record stored before this table existed has been read (the backfill ended). */
  private static final String COMPLETE = "*backfilled*";
  private static final List<String> TYPES = List.of("Consent", "CareTeam");
  private static final Logger log = LoggerFactory.getLogger(ClientParties.class);
  private static final int PAGE = 500;
  private final JdbcTemplate jdbc;
  private final boolean postgres;
  private volatile boolean complete;

  ClientParties(DataSource dataSource) {
    this.jdbc = new JdbcTemplate(dataSource);
    this.postgres = DecisionInputVersions.isPostgres(dataSource);
  }

  /** Plain JDBC at start-up; several nodes may race, the statement is idempotent. */
  void createIfMissing() {
    jdbc.execute("CREATE TABLE IF NOT EXISTS " + TABLE
        + " (party VARCHAR(250) NOT NULL, client VARCHAR(64) NOT NULL, PRIMARY KEY (party, client))");
  }

  /** The client a Consent or CareTeam is about and the parties it names, as keys; empty for other records. */
  static Optional<Map.Entry<String, Set<String>>> named(IBaseResource resource) {
    Reference client = resource instanceof Consent consent ? consent.getPatient()
        : resource instanceof CareTeam team ? team.getSubject() : null;
    if (client == null || !client.getReferenceElement().hasIdPart()
        || !"Patient".equals(client.getReferenceElement().getResourceType())) {
      return Optional.empty();
    }
    Set<String> keys = resource instanceof Consent consent ? recipientsOf(consent) : membersOf((CareTeam) resource);
    return keys.isEmpty() ? Optional.empty() : Optional.of(Map.entry(client.getReferenceElement().getIdPart(), keys));
  }

  /** The recipients a Consent names at any depth (as the Consent mapping resolves actors). */
  static Set<String> recipientsOf(Consent consent) {
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
      professionalOrOrganisation(reference).ifPresent(key -> keys.add(RECIPIENT + key));
    }
    provision.getProvision().forEach(nested -> collect(nested, keys));
  }

  /** The members of a CareTeam (as the client record reads them: Practitioners and PractitionerRoles). */
  static Set<String> membersOf(CareTeam team) {
    Set<String> keys = new TreeSet<>();
    for (CareTeam.CareTeamParticipantComponent participant : team.getParticipant()) {
      professionalOrOrganisation(participant.getMember()).filter(key -> !key.startsWith("Organization/"))
          .ifPresent(key -> keys.add(CARE_TEAM + key));
    }
    return keys;
  }

  /** {@code Type/id} of a local reference to an Organization, Practitioner or PractitionerRole (not another server's). */
  private static Optional<String> professionalOrOrganisation(Reference reference) {
    if (!reference.hasReference() || reference.getReference().startsWith("#")) {
      return Optional.empty();
    }
    IdType id = new IdType(reference.getReference());
    if (id.isAbsolute()) {
      return Optional.empty();
    }
    String type = id.getResourceType();
    return id.hasIdPart()
        && ("Organization".equals(type) || "Practitioner".equals(type) || "PractitionerRole".equals(type))
        ? Optional.of(type + "/" + id.getIdPart()) : Optional.empty();
  }

  static String uraKey(String ura) {
    return RECIPIENT + "ura:" + ura;
  }

  private static Optional<String> ura(Identifier identifier) {
    return identifier != null && FhirCodes.URA.equals(identifier.getSystem()) && identifier.hasValue()
        ? Optional.of(identifier.getValue()) : Optional.empty();
  }

  /** Adds rows (in the caller's transaction when there is one); keys longer than the column are not stored. */
  void add(Map<String, Set<String>> keysByClient) {
    List<Object[]> rows = new ArrayList<>();
    keysByClient.forEach((client, keys) -> keys.forEach(key -> {
      if (key.length() <= 250 && client.length() <= 64) {
        rows.add(new Object[] {key, client});
      }
    }));
    if (rows.isEmpty()) {
      return;
    }
    jdbc.batchUpdate(postgres
        ? "INSERT INTO " + TABLE + " (party, client) VALUES (?, ?) ON CONFLICT DO NOTHING"
        : "MERGE INTO " + TABLE + " (party, client) KEY (party, client) VALUES (?, ?)", rows);
  }

  /**
   * The clients of whom some record names one of these keys, at most {@code limit} (then possibly incomplete: a caller
   * that asks for one more than it can use knows it got too many). One index range per key, each stopping at the
   * limit, so a key that names most clients costs no more than the limit. Not to be used before the backfill has
   * ended, which callers check with {@link #complete()}.
   */
  List<String> clientsNaming(Collection<String> keys, int limit) {
    Set<String> clients = new TreeSet<>();
    for (String key : keys) {
      clients.addAll(jdbc.queryForList("SELECT client FROM " + TABLE + " WHERE party = ? ORDER BY client LIMIT ?",
          String.class, key, limit));
      if (clients.size() >= limit) {
        break;
      }
    }
    return clients.stream().limit(limit).toList();
  }

  /** Whether every stored Consent's and CareTeam's parties are in the table (the backfill ended once, on any node). */
  boolean complete() {
    if (!complete) {
      complete = !jdbc.queryForList("SELECT client FROM " + TABLE + " WHERE party = ?", String.class, COMPLETE)
          .isEmpty();
    }
    return complete;
  }

  /**
   * Reads every stored Consent and CareTeam once and adds the parties they name, then marks the table complete; does
   * nothing when it is. Records written meanwhile add their own rows. Safe on several nodes at once.
   */
  void backfill(DaoRegistry daos) {
    if (complete()) {
      return;
    }
    long started = System.nanoTime();
    int read = 0;
    for (String type : TYPES) {
      for (int offset = 0; ; offset += PAGE) {
        // ids by offset (as the snapshot backfill pages Patients), then those records in one search by _id
        SearchParameterMap idPage = SearchParameterMap.newSynchronous();
        idPage.setLoadSynchronousUpTo(PAGE);
        idPage.setOffset(offset);
        idPage.setSort(new SortSpec("_id"));
        List<IIdType> ids = daos.getResourceDao(type).searchForResourceIds(idPage, new SystemRequestDetails());
        if (!ids.isEmpty()) {
          TokenOrListParam byId = new TokenOrListParam();
          ids.forEach(id -> byId.addOr(new TokenParam(id.getIdPart())));
          SearchParameterMap records = SearchParameterMap.newSynchronous().add("_id", byId);
          records.setLoadSynchronousUpTo(PAGE);
          Map<String, Set<String>> keys = new java.util.HashMap<>();
          for (IBaseResource resource : daos.getResourceDao(type).search(records, new SystemRequestDetails())
              .getAllResources()) {
            read++;
            named(resource).ifPresent(named -> keys.computeIfAbsent(named.getKey(), c -> new TreeSet<>())
                .addAll(named.getValue()));
          }
          add(keys);
        }
        if (ids.size() < PAGE) {
          break;
        }
      }
    }
    add(Map.of("complete", Set.of(COMPLETE)));
    complete = true;
    log.info("Parties named by consents and care teams: {} records read in {} ms", read,
        (System.nanoTime() - started) / 1_000_000);
  }

  /** The rows for one client (tests). */
  List<String> keysOfClient(String client) {
    return jdbc.queryForList("SELECT party FROM " + TABLE + " WHERE client = ? ORDER BY party", String.class, client);
  }
}
