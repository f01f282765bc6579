package nl.sluis.server.limits;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import java.math.BigDecimal;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IBaseXhtml;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Base64BinaryType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DecimalType;

/**
 * Bounds on a resource sent to the server, checked once it is parsed and before anything validates or
 * stores it: string and narrative lengths (the validator needs many times a narrative's size in memory),
 * control characters, decimals beyond what the database can index, and the number of entries of a Bundle.
 */
final class ResourceLimits {

  /** Decimals the search index stores as double precision: beyond this they overflow (1e400). */
  private static final int MAX_DECIMAL_EXPONENT = 300;
  private final FhirContext context;
  private final LimitsProperties limits;

  ResourceLimits(FhirContext context, LimitsProperties limits) {
    this.context = context;
    this.limits = limits;
  }

  void check(IBaseResource resource) {
    if (resource instanceof Bundle bundle && bundle.getEntry().size() > limits.getMaxBundleEntries()) {
      throw new PayloadTooLargeException(
          "A Bundle may have at most " + limits.getMaxBundleEntries() + " entries");
    }
    @SuppressWarnings("rawtypes")
    List<IPrimitiveType> primitives =
        context.newTerser().getAllPopulatedChildElementsOfType(resource, IPrimitiveType.class);
    for (IPrimitiveType<?> primitive : primitives) {
      checkPrimitive(primitive);
    }
  }

  private void checkPrimitive(IPrimitiveType<?> primitive) {
    if (primitive instanceof Base64BinaryType) {
      return; // bounded by the body size; its alphabet is checked by the parser
    }
    if (primitive instanceof DecimalType decimal) {
      checkDecimal(decimal.getValue());
      return;
    }
    String text = primitive.getValueAsString();
    if (text == null) {
      return;
    }
    if (primitive instanceof IBaseXhtml) {
      if (text.length() > limits.getMaxNarrativeLength()) {
        throw new PayloadTooLargeException(
            "A narrative may have at most " + limits.getMaxNarrativeLength() + " characters");
      }
    } else if (text.length() > limits.getMaxStringLength()) {
      throw new PayloadTooLargeException(
          "A string may have at most " + limits.getMaxStringLength() + " characters");
    }
    if (ControlCharacters.containsForbidden(text)) {
      throw new InvalidRequestException(
          "Strings may not contain control characters other than tab, carriage return and line feed");
    }
  }

  private static void checkDecimal(BigDecimal value) {
    if (value != null && value.signum() != 0
        && Math.abs(value.precision() - value.scale() - 1) > MAX_DECIMAL_EXPONENT) {
      throw new InvalidRequestException("A decimal is outside the range this server can store");
    }
  }
}
