package nl.sluis.dataset;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * {@code java -jar sluis.jar generate --clients N --seed S --out DIR}: writes a GGZ organisation as transaction
 * bundles (JSON files, in load order by name). The directory must be empty or new: files of an earlier, larger data
 * set would otherwise be loaded with it.
 */
public final class GenerateCommand {

  static final String USAGE = "usage: generate --clients N --seed S --out DIR [--bundle-entries 100] "
      + "[--as-of 2026-12-01] [--ura 00000001] [--recipient-ura 00000002]\n"
      + "  N 1.." + DataSetSpec.MAX_CLIENTS + "; S 0 or more; bundle entries 50.." + DataSetSpec.MAX_BUNDLE_ENTRIES;
  /** A bundle file must stay far under the server's body limit (hapi.fhir.max_request_body_bytes, 10 MiB). */
  static final int MAX_BUNDLE_BYTES = 8 * 1024 * 1024;

  private GenerateCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    DataSetSpec spec;
    Path dir;
    try {
      Options options = Options.parse(args, Set.of("clients", "seed", "out", "bundle-entries", "as-of", "ura",
          "recipient-ura"), Set.of());
      if (!options.positional().isEmpty()) {
        throw new UsageException("unexpected argument " + options.positional().get(0));
      }
      spec = new DataSetSpec(
          (int) options.number("clients", -1, 1, DataSetSpec.MAX_CLIENTS),
          options.number("seed", -1, 0, Long.MAX_VALUE),
          LocalDate.parse(options.get("as-of", DataSetSpec.DEFAULT_AS_OF.toString())),
          options.get("ura", DataSetSpec.DEFAULT_URA),
          options.get("recipient-ura", DataSetSpec.DEFAULT_RECIPIENT_URA),
          (int) options.number("bundle-entries", DataSetSpec.DEFAULT_BUNDLE_ENTRIES, 50,
              DataSetSpec.MAX_BUNDLE_ENTRIES));
      if (!options.has("clients") || !options.has("seed")) {
        throw new UsageException("--clients and --seed are required");
      }
      dir = Path.of(options.required("out"));
      if (Files.isDirectory(dir)) {
        try (var files = Files.list(dir)) {
          if (files.findAny().isPresent()) {
            throw new UsageException("--out " + dir + " is not empty");
          }
        }
      } else if (Files.exists(dir)) {
        throw new UsageException("--out " + dir + " is not a directory");
      }
    } catch (UsageException | IllegalArgumentException | DateTimeParseException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return 2;
    } catch (IOException e) {
      err.println("Cannot read " + e.getMessage());
      return 1;
    }
    long start = System.nanoTime();
    int[] totals = new int[2];
    try {
      Files.createDirectories(dir);
      new DataSet(spec, FhirContext.forR4Cached()).bundles(file -> {
        if (file.json().length > MAX_BUNDLE_BYTES) {
          throw new IllegalStateException(file.name() + " has " + file.json().length + " bytes, over "
              + MAX_BUNDLE_BYTES + ": use a smaller --bundle-entries");
        }
        try {
          Files.write(dir.resolve(file.name()), file.json());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        totals[0]++;
        totals[1] += file.entries();
      });
    } catch (IOException | UncheckedIOException e) {
      err.println("Cannot write to " + dir + ": " + e.getMessage());
      return 1;
    }
    out.printf(java.util.Locale.ROOT, "Wrote %,d clients as %,d resources in %,d transaction bundles to %s in %.1f s%n", spec.clients(),
        totals[1], totals[0], dir, (System.nanoTime() - start) / 1e9);
    return 0;
  }
}
