package nl.sluis.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import nl.sluis.server.ErrorText;

/**
 * Runs the hostile-input corpus ({@code src/test/resources/hostile/inputs.tsv}, one row per input) against a
 * running server and reports every row that got a 5xx, no answer in time, an HTML or non-FHIR error, an
 * answer revealing SQL, class names or stack frames, an unexpected status, or left the server dead.
 */
public final class HostileCorpus {

  public static final String RESOURCE = "/hostile/inputs.tsv";
  private static final int TIMEOUT_MILLIS = 60_000;
  private static final Pattern REPEAT = Pattern.compile("«(\\d+)\\*(.*?)»", Pattern.DOTALL);

  /** One input. */
  public record Row(String id, String auth, String method, String target, String headers, String body,
      String expect) {}

  /** What happened to one input; {@code problem} is null when it passed. */
  public record Result(Row row, int status, long millis, String problem) {}

  private final RawHttp http;
  private final Function<String, String> tokens;

  /** {@code tokens} maps an auth column value (system, professional, external) to a bearer token. */
  public HostileCorpus(int port, Function<String, String> tokens) {
    this.http = new RawHttp(port);
    this.tokens = tokens;
  }

  public static List<Row> rows() {
    try (InputStream in = HostileCorpus.class.getResourceAsStream(RESOURCE)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<Row> rows = new ArrayList<>();
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        if (f.length != 7) {
          throw new IllegalStateException("Corpus row needs 7 tab-separated fields: " + line);
        }
        rows.add(new Row(f[0].trim(), f[1].trim(), f[2].trim(), f[3], f[4].trim(), f[5], f[6].trim()));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates the resources rows refer to. */
  public void createFixtures() throws IOException {
    put("/fhir/Patient/hostile-p1", "{\"resourceType\":\"Patient\",\"id\":\"hostile-p1\",\"name\":[{\"family\":\"Hostile\"}],"
        + "\"birthDate\":\"2001-02-03\"}");
    put("/fhir/Observation/hostile-o1", "{\"resourceType\":\"Observation\",\"id\":\"hostile-o1\",\"status\":\"final\","
        + "\"code\":{\"text\":\"x\"},\"subject\":{\"reference\":\"Patient/hostile-p1\"}}");
  }

  private void put(String path, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    RawHttp.Answer answer = http.send("PUT".getBytes(), path.getBytes(), List.of(
            "Authorization: Bearer " + tokens.apply("system"), "Content-Type: application/fhir+json",
            "Content-Length: " + body.length), out -> out.write(body), TIMEOUT_MILLIS);
    if (answer.status() != 200 && answer.status() != 201) {
      throw new IllegalStateException("Fixture " + path + " not stored: " + answer.status() + " " + answer.body());
    }
  }

  public Result run(Row row) {
    RawHttp.Answer answer;
    try {
      answer = send(row);
    } catch (SocketTimeoutException e) {
      return new Result(row, -1, TIMEOUT_MILLIS, "no answer within " + TIMEOUT_MILLIS + " ms");
    } catch (IOException e) {
      answer = new RawHttp.Answer(-1, java.util.Map.of(), "", 0);
    }
    String problem = judge(row, answer);
    if (problem == null) {
      problem = checkAlive();
    }
    return new Result(row, answer.status(), answer.millis(), problem);
  }

  private RawHttp.Answer send(Row row) throws IOException {
    List<String> headers = new ArrayList<>();
    switch (row.auth()) {
      case "none" -> { }
      case "bad" -> headers.add("Authorization: Bearer not.a.token");
      default -> headers.add("Authorization: Bearer " + tokens.apply(row.auth()));
    }
    if (!row.headers().equals("-")) {
      for (String header : row.headers().split(" \\|\\| ")) {
        headers.add(new String(bytes(header), StandardCharsets.ISO_8859_1));
      }
    }
    RawHttp.BodyWriter body = null;
    if (!row.body().equals("-")) {
      body = bodyWriter(row.body());
      if (!row.body().startsWith("@zeros:") && !row.body().startsWith("@gzipzeros:")
          && headers.stream().noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("content-length:"))) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        body.writeTo(buffer);
        byte[] fixed = buffer.toByteArray();
        headers.add("Content-Length: " + fixed.length);
        body = out -> out.write(fixed);
      }
    }
    return http.send(row.method().getBytes(StandardCharsets.ISO_8859_1), bytes(row.target()), headers, body,
        TIMEOUT_MILLIS);
  }

  private static String judge(Row row, RawHttp.Answer answer) {
    int status = answer.status();
    if (status >= 500) {
      return "server error " + status + ": " + abbreviate(answer.body());
    }
    if (!matches(row.expect(), status)) {
      return "expected " + row.expect() + " but got " + status + ": " + abbreviate(answer.body());
    }
    if (status >= 400) {
      String type = answer.header("content-type");
      if (type != null && type.toLowerCase(Locale.ROOT).contains("html")) {
        return "HTML error page: " + abbreviate(answer.body());
      }
      if (!row.method().equals("HEAD") && !answer.body().contains("OperationOutcome")) {
        return "error without an OperationOutcome: " + abbreviate(answer.body());
      }
      if (status != 422 && answer.body().replace(" ", "").contains("\"code\":\"processing\"")) {
        return "issue.code 'processing' where the status names the problem: " + abbreviate(answer.body());
      }
      Matcher leak = ErrorText.INTERNALS.matcher(answer.body());
      if (leak.find()) {
        return "reveals internals (" + leak.group() + "): " + abbreviate(answer.body());
      }
    }
    return null;
  }

  private static boolean matches(String expect, int status) {
    if (expect.equals("-")) {
      return status < 500;
    }
    for (String option : expect.split("\\|")) {
      if (option.equals(String.valueOf(status))
          || (option.endsWith("xx") && status / 100 == option.charAt(0) - '0')) {
        return true;
      }
    }
    return false;
  }

  /**
   * The server must still answer its CapabilityStatement quickly, after every row: here only its {@code fhirVersion}
   * ({@code _elements}), which takes the same way through the server as the whole statement (filters, security, HAPI's
   * metadata endpoint and its cached statement, the JSON encoder's walk over it). Writing the whole statement (1.5 MB:
   * every resource type, search parameter and operation) took about 50 ms on the 2-core build machine, more than most
   * rows themselves; it is checked once after the corpus ({@link #checkWholeCapabilityStatement()}).
   */
  public String checkAlive() {
    return checkCapabilityStatement("/fhir/metadata?_elements=fhirVersion");
  }

  /** The server answers its whole CapabilityStatement quickly. */
  public String checkWholeCapabilityStatement() {
    return checkCapabilityStatement("/fhir/metadata");
  }

  private String checkCapabilityStatement(String target) {
    try {
      RawHttp.Answer metadata = http.send("GET".getBytes(), target.getBytes(), List.of(), null, 10_000);
      if (metadata.status() != 200) {
        return "server no longer answers " + target + " (" + metadata.status() + ")";
      }
      if (!metadata.body().contains("\"resourceType\":\"CapabilityStatement\"")
          || !metadata.body().contains("\"fhirVersion\":\"4.0.1\"")) {
        return "server answers " + target + " without its CapabilityStatement: " + abbreviate(metadata.body());
      }
      return null;
    } catch (IOException e) {
      return "server no longer answers " + target + " (" + e + ")";
    }
  }

  private static String abbreviate(String body) {
    String flat = body.replaceAll("\\s+", " ");
    return flat.length() > 300 ? flat.substring(0, 300) + "…" : flat;
  }

  // --- corpus text to bytes

  static byte[] bytes(String field) {
    return unescape(expand(field));
  }

  static String expand(String text) {
    Matcher matcher = REPEAT.matcher(text);
    StringBuilder out = new StringBuilder();
    int last = 0;
    while (matcher.find()) {
      out.append(text, last, matcher.start());
      int times = Integer.parseInt(matcher.group(1));
      String unit = matcher.group(2);
      boolean indexed = unit.contains("{i}");
      for (int i = 0; i < times; i++) {
        out.append(indexed ? unit.replace("{i}", Integer.toString(i)) : unit);
      }
      last = matcher.end();
    }
    return out.append(text.substring(last)).toString();
  }

  /** \t \n \r \\ \xHH (one raw byte) \\uHHHH (a character, as UTF-8); everything else as UTF-8. */
  static byte[] unescape(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
    StringBuilder pending = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\' || i + 1 >= text.length()) {
        pending.append(c);
        continue;
      }
      char next = text.charAt(i + 1);
      switch (next) {
        case 't' -> { pending.append('\t'); i++; }
        case 'n' -> { pending.append('\n'); i++; }
        case 'r' -> { pending.append('\r'); i++; }
        case '\\' -> { pending.append('\\'); i++; }
        case 'x' -> {
          flush(pending, out);
          out.write(Integer.parseInt(text.substring(i + 2, i + 4), 16));
          i += 3;
        }
        case 'u' -> {
          pending.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
          i += 5;
        }
        default -> pending.append(c);
      }
    }
    flush(pending, out);
    return out.toByteArray();
  }

  private static void flush(StringBuilder pending, ByteArrayOutputStream out) {
    byte[] encoded = pending.toString().getBytes(StandardCharsets.UTF_8);
    out.write(encoded, 0, encoded.length);
    pending.setLength(0);
  }

  // --- generated bodies

  static RawHttp.BodyWriter bodyWriter(String body) {
    if (!body.startsWith("@")) {
      byte[] fixed = bytes(body);
      return out -> out.write(fixed);
    }
    int colon = body.indexOf(':');
    String generator = body.substring(1, colon);
    String argument = body.substring(colon + 1);
    return switch (generator) {
      case "gzip" -> out -> {
        GZIPOutputStream gzip = new GZIPOutputStream(new RawHttp.NonClosing(out));
        gzip.write(bytes(argument));
        gzip.finish();
      };
      case "deflate" -> out -> {
        DeflaterOutputStream deflate = new DeflaterOutputStream(new RawHttp.NonClosing(out));
        deflate.write(bytes(argument));
        deflate.finish();
      };
      case "gzipzeros" -> out -> {
        GZIPOutputStream gzip = new GZIPOutputStream(new RawHttp.NonClosing(out), 65536);
        byte[] zeros = new byte[1 << 20];
        for (int i = 0; i < Integer.parseInt(argument); i++) {
          gzip.write(zeros);
        }
        gzip.finish();
      };
      case "zeros" -> out -> {
        byte[] block = "{\"resourceType\":\"Patient\",\"id\":\"".getBytes(StandardCharsets.UTF_8);
        out.write(block);
        byte[] as = "a".repeat(1 << 16).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < Integer.parseInt(argument) * 16; i++) {
          out.write(as);
        }
      };
      case "deepjson" -> fixed(expand("{\"resourceType\":\"Patient\",\"name\":«" + argument + "*[»"));
      case "deepxml" -> fixed(expand("<Patient xmlns=\"http://hl7.org/fhir\">«" + argument + "*<a>»"));
      case "deepext" -> fixed(expand("{\"resourceType\":\"Patient\",\"extension\":[«" + argument
          + "*{\"url\":\"http://example.org/x\",\"extension\":[»{\"url\":\"http://example.org/y\",\"valueString\":\"z\"}«"
          + argument + "*]}»]}"));
      default -> throw new IllegalArgumentException("Unknown body generator " + generator);
    };
  }

  private static RawHttp.BodyWriter fixed(String text) {
    byte[] fixed = text.getBytes(StandardCharsets.UTF_8);
    return out -> out.write(fixed);
  }

  /** Runs the corpus against a server started elsewhere: {@code HostileCorpus PORT SYSTEM-TOKEN [ROW-ID-PREFIX]}. */
  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(args[0]);
    String system = args[1];
    HostileCorpus corpus = new HostileCorpus(port, auth -> switch (auth) {
      case "professional" -> TestTokens.internalProfessional("user/*.cruds");
      case "external" -> TestTokens.external("TREAT", "user/*.cruds");
      default -> system;
    });
    corpus.createFixtures();
    int failures = 0;
    int count = 0;
    for (Row row : rows()) {
      if (args.length > 2 && !row.id().startsWith(args[2])) {
        continue;
      }
      count++;
      Result result = corpus.run(row);
      if (result.problem() != null) {
        failures++;
        System.out.println("FAIL " + row.id() + " -> " + result.status() + " (" + result.millis() + " ms): "
            + result.problem());
      } else {
        System.out.println("ok   " + row.id() + " -> " + result.status() + " (" + result.millis() + " ms)");
      }
    }
    String whole = corpus.checkWholeCapabilityStatement();
    if (whole != null) {
      failures++;
      System.out.println("FAIL after the corpus: " + whole);
    }
    System.out.println(count + " rows, " + failures + " failed");
  }
}
