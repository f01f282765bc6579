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
  private final Cache<String, Tagged<ClientRecord>> clients;
  private volatile Tagged<OrganisationPolicy> policy;

  DecisionInputCache(DecisionInputVersions versions, long maximumClients) {
    this.versions = versions;
    this.clients = Caffeine.newBuilder().maximumSize(maximumClients).build();
  }

  /** The global token in force for one request: read once at its start. */
  long globalToken() {
    return versions.read(DecisionInputVersions.GLOBAL);
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

  ClientRecord client(String clientId, long global, Supplier<ClientRecord> load) {
    long token = versions.read(DecisionInputChanges.clientScope(clientId));
    Tagged<ClientRecord> cached = clients.getIfPresent(clientId);
    if (cached != null && cached.global() == global && cached.client() == token) {
      return cached.value();
    }
    ClientRecord fresh = load.get();
    clients.put(clientId, new Tagged<>(global, token, fresh));
    return fresh;
  }
}
