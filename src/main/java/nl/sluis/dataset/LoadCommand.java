package nl.sluis.dataset;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nl.sluis.security.DevTokens;
import nl.sluis.security.RequesterContext;

/**
 * {@code java -jar sluis.jar load DIR --url http://localhost:8080/fhir --token TOKEN}: posts the bundle files of
 * DIR, shows progress on stderr, and ends with every refused entry on stdout; exit code 1 when anything was not
 * stored, 2 on a bad command line. Without {@code --token} (and without SLUIS_TOKEN) it mints a dev-key token for
 * the dev profile's trusted internal system {@code dev-system} of URA 00000001: only a server running with the
 * {@code dev} profile accepts it.
 */
public final class LoadCommand {

  static final String USAGE = "usage: load DIR [--url http://localhost:8080/fhir] [--token TOKEN] [--parallel 2] "
      + "[--max-entries 500] [--max-bytes 10485760] [--retries 5] [--progress-interval 10]\n"
      + "  without --token: $SLUIS_TOKEN, else a dev token (system dev-system, URA 00000001; dev profile only)";
  /** The dev profile's trusted internal system (application-dev.yaml) and own organisation. */
  static final String DEV_SYSTEM = "dev-system";
  static final String DEV_URA = "00000001";

  private LoadCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, System.console() != null));
  }

  static int run(String[] args, PrintStream out, PrintStream err, boolean terminal) {
    Path dir;
    URI url;
    String token;
    BundleLoader.Settings settings;
    try {
      Options options = Options.parse(args, Set.of("url", "token", "parallel", "max-entries", "max-bytes",
          "retries", "progress-interval"), Set.of());
      if (options.positional().size() != 1) {
        throw new UsageException("one directory of bundle files expected");
      }
      dir = Path.of(options.positional().get(0));
      if (!Files.isDirectory(dir)) {
        throw new UsageException(dir + " is not a directory");
      }
      url = URI.create(options.get("url", "http://localhost:8080/fhir"));
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme())) {
        throw new UsageException("--url must be an http(s) URL");
      }
      token = options.get("token", System.getenv("SLUIS_TOKEN"));
      settings = new BundleLoader.Settings(
          (int) options.number("max-entries", DataSetSpec.MAX_BUNDLE_ENTRIES, 1, 10_000),
          options.number("max-bytes", 10L * 1024 * 1024, 1024, 1L << 30),
          (int) options.number("parallel", 2, 1, 16),
          (int) options.number("retries", 5, 0, 20),
          Duration.ofSeconds(1), Duration.ofMinutes(10),
          (int) options.number("progress-interval", 10, 1, 3600));
    } catch (UsageException | IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return 2;
    }
    if (token == null || token.isBlank()) {
      token = devToken();
      err.println("No --token: using a dev token for " + DEV_SYSTEM + " (URA " + DEV_URA + "), accepted only by a "
          + "server with the dev profile");
    }
    try {
      List<Path> files = BundleLoader.bundleFiles(dir);
      if (files.isEmpty()) {
        err.println("No .json files in " + dir);
        return 2;
      }
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10)).build();
      err.printf(java.util.Locale.ROOT, "Loading %d bundle files from %s into %s (%d in parallel)%n", files.size(), dir, url,
          settings.parallel());
      BundleLoader loader = new BundleLoader(client, url, token, settings, err, terminal);
      // Interrupted (Ctrl-C): still say what was stored and refused up to then.
      Thread summary = new Thread(() -> {
        out.println("Interrupted.");
        print(loader.report(), out);
      });
      Runtime.getRuntime().addShutdownHook(summary);
      LoadReport report = loader.load(files);
      Runtime.getRuntime().removeShutdownHook(summary);
      print(report, out);
      return report.clean() ? 0 : 1;
    } catch (IOException e) {
      err.println("Load failed: " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("Interrupted");
      return 1;
    }
  }

  static void print(LoadReport report, PrintStream out) {
    double seconds = report.duration().toNanos() / 1e9;
    out.printf(java.util.Locale.ROOT, "Stored %,d of %,d entries from %d files in %s (%,.1f entries/s); %d refused, %,d not stored "
            + "with them (transaction rolled back), %d retries%n", report.stored(), report.entries(), report.files(),
        Progress.duration(seconds), report.entriesPerSecond(), report.refused().size(), report.rolledBack(),
        report.retries());
    for (RefusedEntry entry : report.refused()) {
      out.println("REFUSED " + entry.describe());
    }
  }

  /** A 12-hour dev-key token for the dev profile's trusted internal system, with every system scope. */
  static String devToken() {
    Map<String, Object> b2b = new LinkedHashMap<>();
    b2b.put("version", "1");
    b2b.put("organization_id", RequesterContext.URA_SYSTEM + "|" + DEV_URA);
    b2b.put("subject_id", DEV_SYSTEM);
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("scope", "system/*.cruds");
    claims.put("extensions", Map.of("hl7-b2b", b2b));
    return DevTokens.mint(claims, Duration.ofHours(12));
  }
}
