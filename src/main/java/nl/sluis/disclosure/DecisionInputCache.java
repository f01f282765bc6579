package nl.sluis.disclosure;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.Supplier;
import nl.sluis.disclosure.engine.OrganisationPolicy;

/**
 * What decisions derive from stored records (a client's {@link ClientRecord}, the organisation policy),
 * kept across requests on this node and reused only while the records' change tokens in the database are
 * unchanged ({@link DecisionInputVersions}). Tokens are read before anything is loaded, so a value is
 * never tagged with a token newer than the data it was derived from.
 */
final class DecisionInputCache {

  private record Tagged<T>(long global, long client, T value) {}

  private final DecisionInputVersions versions;
  private final ClientInputSnapshots snapshots;
  private final Cache<String, Tagged<ClientRecord>> clients;
  private volatile Tagged<OrganisationPolicy> policy;

  DecisionInputCache(DecisionInputVersions versions, ClientInputSnapshots snapshots, long maximumClients) {
    this.versions = versions;
    this.snapshots = snapshots;
    this.clients = Caffeine.newBuilder().maximumSize(maximumClients).build();
  }

  /**
   * The global token one request decides under: fixed by the first thing that reads it (a client's
   * tokens, read together with it, or the policy), then the same for the rest of the request.
   */
  final class GlobalToken {
    private Long fixed;

    synchronized long get() {
      if (fixed == null) {
        fixed = versions.read(DecisionInputVersions.GLOBAL);
      }
      return fixed;
    }

    /** The token in force: the one just read, unless the request fixed one earlier. */
    synchronized long fixIfUnset(long read) {
      if (fixed == null) {
        fixed = read;
      }
      return fixed;
    }
  }

  ClientInputSnapshots snapshots() {
    return snapshots;
  }

  GlobalToken globalTokenOfRequest() {
    return new GlobalToken();
  }

  OrganisationPolicy policy(long global, Supplier<OrganisationPolicy> load) {
    Tagged<OrganisationPolicy> cached = policy;
    if (cached != null && cached.global() == global) {
      return cached.value();
    }
    OrganisationPolicy fresh = load.get();
    policy = new Tagged<>(global, 0, fresh);
    return fresh;
  }

  /**
   * The client's record: from this node's cache while the tokens are unchanged, else decoded from the
   * compact snapshot stored with the client's token, else derived from the stored records (and then
   * stored as the snapshot, for the next node or restart that meets this client).
   */
  ClientRecord client(String clientId, GlobalToken requestGlobal) {
    String scope = DecisionInputChanges.clientScope(clientId);
    Tagged<ClientRecord> cached = clients.getIfPresent(clientId);
    DecisionInputVersions.ClientTokens tokens = versions.readForClient(scope,
        cached == null ? DecisionInputVersions.NEVER_WRITTEN : cached.client());
    long global = requestGlobal.fixIfUnset(tokens.global());
    if (cached != null && cached.global() == global && cached.client() == tokens.client()) {
      return cached.value();
    }
    // A global token older than the database's only makes the entry miss sooner: never wrong.
    long token = tokens.client();
    String inputs = tokens.inputs();
    if (inputs == null && cached != null && cached.client() == token) {
      // only the global token changed: the snapshot was not sent, read it with its token
      DecisionInputVersions.Snapshot snapshot = versions.readWithInputs(scope);
      token = snapshot.token();
      inputs = snapshot.inputs();
    }
    ClientRecord fresh = ClientRecordCodec.decode(inputs, global).orElse(null);
    if (fresh == null) {
      if (inputs != null) {
        snapshots.staleAfterGlobalChange(global);
      }
      fresh = snapshots.derive(clientId);
      snapshots.storeLater(scope, token, fresh, global);
    }
    clients.put(clientId, new Tagged<>(global, token, fresh));
    return fresh;
  }
}
