package nl.sluis.server.limits;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Map;
import nl.sluis.server.language.Messages;

/**
 * Bounds on the parameters of one request (a query string, a form-encoded {@code _search}, or the URL of a
 * batch entry): how many, how often one name repeats (AND), how many OR values, how many includes, no
 * {@code *} with {@code :iterate}; and no control characters, which PostgreSQL refuses with an error that
 * would quote the SQL. Counting is all it costs: it runs before HAPI plans any query.
 */
final class QueryLimits {

  private final LimitsProperties limits;

  QueryLimits(LimitsProperties limits) {
    this.limits = limits;
  }

  void check(Map<String, String[]> parameters) {
    int total = 0;
    int includes = 0;
    for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
      String name = parameter.getKey();
      String[] values = parameter.getValue() == null ? new String[0] : parameter.getValue();
      total += Math.max(1, values.length);
      if (total > limits.getMaxParameters()) {
        throw refuse("limits.parameters", limits.getMaxParameters());
      }
      if (values.length > limits.getMaxParameterRepeats()) {
        throw refuse("limits.parameterRepeats", limits.getMaxParameterRepeats());
      }
      checkText(name);
      boolean include = name.startsWith("_include") || name.startsWith("_revinclude");
      if (include) {
        includes += Math.max(1, values.length);
        if (includes > limits.getMaxIncludes()) {
          throw refuse("limits.includes", limits.getMaxIncludes());
        }
      }
      for (String value : values) {
        checkValue(name, value, include);
      }
    }
  }

  private void checkValue(String name, String value, boolean include) {
    if (value == null) {
      return;
    }
    checkText(value);
    if (include && (name.contains(":iterate") || name.contains(":recurse")) && value.trim().startsWith("*")) {
      throw refuse("limits.iterateWildcard");
    }
    if ((name.equals("_count") || name.equals("_offset")) && !isSmallNonNegativeInteger(value)) {
      throw refuse("limits.countOrOffset", name);
    }
    if (orValues(value) > limits.getMaxOrValues()) {
      throw refuse("limits.orValues", limits.getMaxOrValues());
    }
  }

  private static int orValues(String value) {
    int count = 1;
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) == ',' && (i == 0 || value.charAt(i - 1) != '\\')) {
        count++;
      }
    }
    return count;
  }

  private static boolean isSmallNonNegativeInteger(String value) {
    return value.matches("\\d{1,10}") && Long.parseLong(value) <= 1_000_000_000L;
  }

  static void checkText(String text) {
    if (ControlCharacters.containsForbidden(text)) {
      throw refuse("limits.parameterControlCharacters");
    }
  }

  private static InvalidRequestException refuse(String key, Object... arguments) {
    return new InvalidRequestException(Messages.text(key, arguments));
  }
}
