package nl.sluis.conformance.pkg;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Nictiz's own published examples, from the nl-core package in {@code ../shared/nl-core}, for the resource types
 * whose Sluis profile mirrors an nl-core profile: Patient, RelatedPerson (ContactPerson), Practitioner and
 * PractitionerRole (HealthProfessional), Organization (HealthcareProvider) and CareTeam.
 */
public final class NlCoreExamples {

  /**
   * sluis-Patient: a client's birth date is required, because who may consent for a client depends on the client's
   * age on the day of each disclosure (WGBO; see the disclosure engine). nl-core makes it optional.
   */
  public static final String BIRTH_DATE_REQUIRED = "Patient.birthDate: minimum required = 1";

  static final Set<String> TYPES =
      Set.of("Patient", "RelatedPerson", "Practitioner", "PractitionerRole", "Organization", "CareTeam");

  /**
   * Examples our minimum rules refuse on purpose, with the rule; every other example must be accepted. The key is
   * the file name in the package ({@code package/examples/...}).
   */
  public static final Map<String, String> REFUSED_ON_PURPOSE = Map.of(
      "nl-core-CareTeam-01-Patient-01.json", BIRTH_DATE_REQUIRED,
      "nl-core-NameInformation-complete.json", BIRTH_DATE_REQUIRED,
      "nl-core-NameInformation-firstNames.json", BIRTH_DATE_REQUIRED,
      "nl-core-NameInformation-firstNamesAndInitials.json", BIRTH_DATE_REQUIRED,
      "nl-core-NameInformation-firstNamesAndInitialsSeparate.json", BIRTH_DATE_REQUIRED,
      "nl-core-NameInformation-initials.json", BIRTH_DATE_REQUIRED);

  private NlCoreExamples() {}

  public static boolean available() {
    return Files.isRegularFile(ZibPackage.nlCoreTgz());
  }

  /** File name (without folder) → example, for the types above; in file-name order. */
  public static Map<String, JsonNode> all() {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    everyExample().forEach((file, json) -> {
      if (TYPES.contains(json.path("resourceType").asText())) {
        out.put(file, json);
      }
    });
    return out;
  }

  /** Every example in the nl-core package, any type, by file name; in file-name order. */
  public static Map<String, JsonNode> everyExample() {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    ZibPackage.read(ZibPackage.nlCoreTgz()).files().entrySet().stream()
        .filter(e -> e.getKey().startsWith("package/examples/"))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> out.put(e.getKey().substring("package/examples/".length()), e.getValue()));
    return out;
  }
}
