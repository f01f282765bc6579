package nl.sluis.dataset;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options and positional arguments of a subcommand; anything unknown is a usage error. */
final class Options {

  private final Map<String, String> named = new LinkedHashMap<>();
  private final List<String> positional = new ArrayList<>();

  static Options parse(String[] args, Set<String> allowed, Set<String> flags) {
    Options options = new Options();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.startsWith("--")) {
        String name = arg.substring(2);
        if (flags.contains(name)) {
          options.named.put(name, "true");
          continue;
        }
        if (!allowed.contains(name)) {
          throw new UsageException("unknown option " + arg);
        }
        if (i + 1 >= args.length) {
          throw new UsageException(arg + " needs a value");
        }
        options.named.put(name, args[++i]);
      } else {
        options.positional.add(arg);
      }
    }
    return options;
  }

  String get(String name, String fallback) {
    return named.getOrDefault(name, fallback);
  }

  boolean has(String name) {
    return named.containsKey(name);
  }

  String required(String name) {
    String value = named.get(name);
    if (value == null) {
      throw new UsageException("--" + name + " is required");
    }
    return value;
  }

  long number(String name, long fallback, long min, long max) {
    String value = named.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      long number = Long.parseLong(value);
      if (number < min || number > max) {
        throw new UsageException("--" + name + " must be " + min + ".." + max + ", was " + value);
      }
      return number;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a number, was " + value);
    }
  }

  List<String> positional() {
    return positional;
  }
}
