package nl.sluis.dataset;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * UZI role codes with their displays, read from the code list the server validates against
 * ({@code terminology/ValueSet-practitioner-role.json}, checked against zib2020 by ZibCodeListsTest), so that the
 * generator can never send a role code or display the server does not know.
 */
final class UziRoles {

  private static final String VALUE_SET = "sluis-packages/terminology/ValueSet-practitioner-role.json";

  private final Map<String, String> displays = new LinkedHashMap<>();

  UziRoles(FhirContext fhir) {
    try (InputStream in = UziRoles.class.getClassLoader().getResourceAsStream(VALUE_SET)) {
      if (in == null) {
        throw new IllegalStateException(VALUE_SET + " is not on the classpath");
      }
      ValueSet valueSet = fhir.newJsonParser().parseResource(ValueSet.class, in);
      valueSet.getCompose().getInclude().stream()
          .filter(include -> Fhir.UZI_ROLE.equals(include.getSystem()))
          .flatMap(include -> include.getConcept().stream())
          .forEach(concept -> displays.put(concept.getCode(), concept.getDisplay()));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + VALUE_SET, e);
    }
  }

  Coding coding(String code) {
    String display = displays.get(code);
    if (display == null) {
      throw new IllegalArgumentException("UZI role " + code + " is not in " + VALUE_SET);
    }
    return Fhir.coding(Fhir.UZI_ROLE, code, display);
  }

  String display(String code) {
    return coding(code).getDisplay();
  }
}
