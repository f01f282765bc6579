package nl.sluis.security;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import nl.sluis.security.SmartScope.Level;
import nl.sluis.security.SmartScope.Permission;

/** The resource scopes a token grants, and the answer to "may this client do X on type T?". */
public final class SmartScopes {

  private final List<SmartScope> scopes;
  private final List<String> raw;

  private SmartScopes(List<SmartScope> scopes, List<String> raw) {
    this.scopes = scopes;
    this.raw = raw;
  }

  public static SmartScopes parse(String spaceSeparated) {
    List<SmartScope> scopes = new ArrayList<>();
    List<String> raw = new ArrayList<>();
    if (spaceSeparated != null) {
      for (String scope : spaceSeparated.trim().split("\\s+")) {
        if (!scope.isEmpty()) {
          raw.add(scope);
          SmartScope.parse(scope).ifPresent(scopes::add);
        }
      }
    }
    return new SmartScopes(List.copyOf(scopes), List.copyOf(raw));
  }

  /**
   * The grant for one interaction: unrestricted when a user/ or system/ scope grants it, restricted to
   * the patient's compartment when only a patient/ scope does, empty when nothing does.
   */
  public Optional<Level> grant(String resourceType, Permission permission) {
    Level best = null;
    for (SmartScope scope : scopes) {
      if (scope.grants(resourceType, permission)) {
        if (scope.level() != Level.PATIENT) {
          return Optional.of(scope.level());
        }
        best = Level.PATIENT;
      }
    }
    return Optional.ofNullable(best);
  }

  public boolean any(Permission permission) {
    return scopes.stream().anyMatch(scope -> scope.permissions().contains(permission));
  }

  public List<String> raw() {
    return Collections.unmodifiableList(raw);
  }

  /** The scope a client should ask for to be allowed this interaction, for error messages. */
  public static String needed(Level level, String resourceType, Permission permission) {
    return level.name().toLowerCase() + "/" + resourceType + "." + permission.letter();
  }
}
