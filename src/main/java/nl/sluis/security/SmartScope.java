package nl.sluis.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMART on FHIR resource scope, e.g. {@code system/Observation.rs} (v2) or
 * {@code user/Patient.read} (v1). Scopes with a query constraint ({@code ?category=...}) are not
 * honoured: Sluis cannot yet apply the constraint, and ignoring it would grant more than asked.
 */
public record SmartScope(Level level, String resourceType, Set<Permission> permissions) {

  /** {@code patient/} limits to one patient's compartment; {@code user/} and {@code system/} do not. */
  public enum Level { PATIENT, USER, SYSTEM }

  /** SMART v2 permissions: create, read, update, delete, search. */
  public enum Permission {
    CREATE('c'), READ('r'), UPDATE('u'), DELETE('d'), SEARCH('s');

    private final char letter;

    Permission(char letter) {
      this.letter = letter;
    }

    public char letter() {
      return letter;
    }
  }

  private static final Pattern SYNTAX =
      Pattern.compile("(patient|user|system)/(\\*|[A-Z][A-Za-z]+)\\.(read|write|\\*|c?r?u?d?s?)");

  public static Optional<SmartScope> parse(String scope) {
    Matcher matcher = SYNTAX.matcher(scope);
    if (!matcher.matches() || matcher.group(3).isEmpty()) {
      return Optional.empty();
    }
    Level level = Level.valueOf(matcher.group(1).toUpperCase(Locale.ROOT));
    return Optional.of(new SmartScope(level, matcher.group(2), permissions(matcher.group(3))));
  }

  private static Set<Permission> permissions(String text) {
    switch (text) {
      case "read":
        return EnumSet.of(Permission.READ, Permission.SEARCH);
      case "write":
        return EnumSet.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE);
      case "*":
        return EnumSet.allOf(Permission.class);
      default:
        EnumSet<Permission> result = EnumSet.noneOf(Permission.class);
        for (Permission permission : Permission.values()) {
          if (text.indexOf(permission.letter()) >= 0) {
            result.add(permission);
          }
        }
        return result;
    }
  }

  public boolean grants(String type, Permission permission) {
    return ("*".equals(resourceType) || resourceType.equals(type)) && permissions.contains(permission);
  }
}
