package nl.sluis.disclosure.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The engine stays pure: only java.* and its own package, and no clock. */
class ModuleBoundaryTest {

    private static final Path ENGINE_SOURCES = Path.of("src/main/java/nl/sluis/disclosure/engine");
    private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+(static\\s+)?([\\w.]+)(\\.\\*)?\\s*;", Pattern.MULTILINE);
    private static final Pattern FOREIGN_QUALIFIED = Pattern.compile(
            "\\b(ca\\.uhn|org\\.hl7|org\\.springframework|com\\.fasterxml|jakarta|javax)\\.");
    private static final Pattern CLOCK = Pattern.compile(
            "\\b(LocalDate|LocalDateTime|Instant|ZonedDateTime|OffsetDateTime|Clock)\\.now\\(|System\\.currentTimeMillis");

    private static List<Path> engineSources() throws IOException {
        try (Stream<Path> files = Files.walk(ENGINE_SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).toList();
        }
    }

    @Test
    void engineImportsOnlyJavaAndItself() throws IOException {
        List<Path> sources = engineSources();
        assertThat(sources).as("engine sources found").hasSizeGreaterThan(20);
        List<String> violations = new ArrayList<>();
        for (Path source : sources) {
            String text = Files.readString(source);
            Matcher m = IMPORT.matcher(text);
            while (m.find()) {
                String name = m.group(2);
                if (!name.startsWith("java.") && !name.startsWith("nl.sluis.disclosure.engine")) {
                    violations.add(source.getFileName() + ": import " + name);
                }
            }
            Matcher qualified = FOREIGN_QUALIFIED.matcher(text);
            while (qualified.find()) {
                violations.add(source.getFileName() + ": qualified use of " + qualified.group(1));
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void engineNeverReadsTheClock() throws IOException {
        List<String> violations = new ArrayList<>();
        for (Path source : engineSources()) {
            if (CLOCK.matcher(Files.readString(source)).find()) {
                violations.add(source.getFileName().toString());
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void theCheckRecognisesAForeignImport() {
        Matcher m = IMPORT.matcher("package x;\nimport ca.uhn.fhir.context.FhirContext;\n");
        assertThat(m.find()).isTrue();
        assertThat(m.group(2)).isEqualTo("ca.uhn.fhir.context.FhirContext");
        assertThat(FOREIGN_QUALIFIED.matcher("org.hl7.fhir.r4.model.Consent c;").find()).isTrue();
        assertThat(CLOCK.matcher("var d = LocalDate.now();").find()).isTrue();
    }
}
