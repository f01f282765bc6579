package nl.sluis.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code bash} block of a Markdown file and the mark on the line before it: {@code <!-- readme-test: run -->}, or
 * {@code <!-- readme-test: not run: why -->}, or none (which {@link ReadmeCommandsTest} refuses).
 *
 * @param line the 1-based line of the opening fence
 * @param mark {@code run}, {@code not run: …}, or null
 */
record ReadmeBlock(int line, String mark, List<String> commands) {

  private static final Pattern MARK = Pattern.compile("<!--\\s*readme-test:\\s*(run|not run:.+?)\\s*-->");
  /** A trailing comment that names the status a line's request answers, e.g. {@code # 404}. */
  private static final Pattern EXPECTED_STATUS = Pattern.compile("#\\s*(\\d{3})\\b[^'\"]*$");

  static List<ReadmeBlock> parse(List<String> markdown) {
    List<ReadmeBlock> blocks = new ArrayList<>();
    for (int i = 0; i < markdown.size(); i++) {
      if (!markdown.get(i).strip().equals("```bash")) {
        continue;
      }
      String mark = null;
      for (int before = i - 1; before >= 0; before--) {
        if (!markdown.get(before).isBlank()) {
          Matcher matcher = MARK.matcher(markdown.get(before));
          mark = matcher.find() ? matcher.group(1) : null;
          break;
        }
      }
      List<String> commands = new ArrayList<>();
      int end = i + 1;
      while (end < markdown.size() && !markdown.get(end).strip().startsWith("```")) {
        commands.add(markdown.get(end++));
      }
      blocks.add(new ReadmeBlock(i + 1, mark, List.copyOf(commands)));
      i = end;
    }
    return blocks;
  }

  boolean runs() {
    return "run".equals(mark);
  }

  /** The statuses other than 2xx that the block's lines say their request answers, in order. */
  List<Integer> expectedRefusals() {
    List<Integer> statuses = new ArrayList<>();
    for (String command : commands) {
      Matcher matcher = EXPECTED_STATUS.matcher(command);
      if (command.contains("curl ") && matcher.find()) {
        int status = Integer.parseInt(matcher.group(1));
        if (status < 200 || status > 299) {
          statuses.add(status);
        }
      }
    }
    return statuses;
  }

  /** Names of the shell variables the block assigns from a command ({@code NAME=$(…)}). */
  List<String> assignedFromCommands() {
    List<String> names = new ArrayList<>();
    Pattern assignment = Pattern.compile("^\\s*([A-Z][A-Z0-9_]*)=\\$\\(");
    for (String command : commands) {
      Matcher matcher = assignment.matcher(command);
      if (matcher.find() && !names.contains(matcher.group(1))) {
        names.add(matcher.group(1));
      }
    }
    return names;
  }
}
