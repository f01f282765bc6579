package nl.sluis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.hl7.fhir.utilities.OIDUtilities;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sluis's {@link OIDUtilities} (src/main/java/org/hl7/fhir/utilities: the OID registry read once, not per validator)
 * is the one loaded, and answers exactly as the library's own class — loaded here from the library's jar in a class
 * loader of its own — with the same public API. Fails when a new version of the library changes either.
 */
class OIDUtilitiesReplacementTest {

  private static final String CLASS_FILE = "org/hl7/fhir/utilities/OIDUtilities.class";
  private static Class<?> library;
  private static Object libraryInstance;
  private static List<String> registryOids;

  @BeforeAll
  static void loadTheLibrarysClass() throws Exception {
    URL jar = null;
    for (URL url : Collections.list(OIDUtilities.class.getClassLoader().getResources(CLASS_FILE))) {
      if (url.getProtocol().equals("jar")) {
        jar = new URL(url.getPath().substring(0, url.getPath().indexOf("!/")));
      }
    }
    assertThat(jar).as("the library's jar on the class path").isNotNull();
    // Parent: the platform loader, which does not see Sluis's classes.
    URLClassLoader isolated = new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
    library = isolated.loadClass(OIDUtilities.class.getName());
    libraryInstance = library.getConstructor().newInstance();
    registryOids = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        isolated.getResourceAsStream("oidregistry.csv"), StandardCharsets.UTF_8))) {
      reader.lines().skip(1).map(line -> line.split(",")[0].trim()).forEach(registryOids::add);
    }
  }

  @Test
  void sluisReplacementIsTheOneLoaded() {
    assertThat(OIDUtilities.class.getProtectionDomain().getCodeSource().getLocation().getProtocol()).isEqualTo("file");
    assertThat(OIDUtilities.class.getProtectionDomain().getCodeSource().getLocation().getPath()).doesNotEndWith(".jar");
    assertThat(library.getProtectionDomain().getCodeSource().getLocation().getPath()).endsWith(".jar");
  }

  @Test
  void sameApiAsTheLibrary() throws Exception {
    assertThat(api(OIDUtilities.class)).isEqualTo(api(library));
    Class<?> libraryInfo = library.getClassLoader().loadClass(OIDUtilities.OIDInfo.class.getName());
    assertThat(api(OIDUtilities.OIDInfo.class)).isEqualTo(api(libraryInfo));
    OIDUtilities.OIDInfo ours = new OIDUtilities.OIDInfo();
    ours.setOid("1.2");
    ours.setName("n");
    ours.setCodeSystem("cs");
    ours.setType(3);
    Object theirs = libraryInfo.getConstructor().newInstance();
    libraryInfo.getMethod("setOid", String.class).invoke(theirs, "1.2");
    libraryInfo.getMethod("setName", String.class).invoke(theirs, "n");
    libraryInfo.getMethod("setCodeSystem", String.class).invoke(theirs, "cs");
    libraryInfo.getMethod("setType", Integer.class).invoke(theirs, 3);
    assertThat(ours.toString()).isEqualTo(theirs.toString());
  }

  @Test
  void sameAnswersForEveryRegisteredOidAndOddInput() throws Exception {
    List<String> inputs = new ArrayList<>(registryOids);
    inputs.addAll(List.of("", ".", "1", "1.", "1.2.", ".1.2", "3.1", "1.02", "1.0", "0.0", "2.999", "1..2", "a.b",
        "urn:oid:1.2", "2.16.840.1.113883.6.96", "2.16.840.1.113883.6.1", "2.16.840.1.113883.12.292",
        "2.16.840.1.113883.6.12", "2.16.840.1.113883.3.26.1.1.1", "1.2.3 ", " 1.2.3", "no-oid"));
    OIDUtilities ours = new OIDUtilities();
    int known = 0;
    for (String input : inputs) {
      for (String url : new String[] {"urn:oid:" + input, input, "http://example.org/" + input}) {
        boolean expected = (Boolean) library.getMethod("isKnownOID", String.class).invoke(libraryInstance, url);
        assertThat(ours.isKnownOID(url)).as("isKnownOID(%s)", url).isEqualTo(expected);
        known += expected ? 1 : 0;
      }
      for (String method : new String[] {"getUriForOid", "oidTail", "oidRoot"}) {
        Object expected = library.getMethod(method, String.class).invoke(null, input);
        Object actual = OIDUtilities.class.getMethod(method, String.class).invoke(null, input);
        assertThat(actual).as("%s(%s)", method, input).isEqualTo(expected);
      }
      assertThat(OIDUtilities.isValidOID(input)).as("isValidOID(%s)", input)
          .isEqualTo(library.getMethod("isValidOID", String.class).invoke(null, input));
    }
    assertThat(known).as("registered OIDs known").isGreaterThan(20_000);
    assertThat(ours.isKnownOID(null)).isEqualTo(library.getMethod("isKnownOID", String.class)
        .invoke(libraryInstance, (Object) null));
    for (String method : new String[] {"getUriForOid", "oidTail", "oidRoot"}) {
      assertThat(Objects.equals(OIDUtilities.class.getMethod(method, String.class).invoke(null, (Object) null),
          library.getMethod(method, String.class).invoke(null, (Object) null))).as(method + "(null)").isTrue();
    }
  }

  /** Public constructors and methods, with static-ness, return and parameter types. */
  private static TreeSet<String> api(Class<?> type) {
    TreeSet<String> api = new TreeSet<>();
    Arrays.stream(type.getConstructors()).forEach(c -> api.add("new(" + Arrays.toString(c.getParameterTypes()) + ")"));
    for (Method m : type.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers())) {
        api.add((Modifier.isStatic(m.getModifiers()) ? "static " : "") + m.getReturnType().getName() + " " + m.getName()
            + Arrays.stream(m.getParameterTypes()).map(Class::getName).toList());
      }
    }
    return api;
  }
}
