package nl.sluis.server.limits;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import java.math.BigDecimal;
import java.util.List;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Base64BinaryType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Property;

/**
 * Bounds on a resource sent to the server, checked once it is parsed and before anything validates, indexes
 * or stores it: string and narrative lengths (the validator needs many times a narrative's size in memory),
 * repeats of one element and nesting depth (validation and indexing cost grows with them), control
 * characters, decimals beyond what the search index can hold, and the entries of a Bundle. One walk over the
 * resource, including the resources inside a Bundle or Parameters.
 */
final class ResourceLimits {

  /** Decimals the search index stores as double precision: beyond this they overflow (1e400). */
  private static final int MAX_DECIMAL_EXPONENT = 300;
  private final LimitsProperties limits;

  ResourceLimits(LimitsProperties limits) {
    this.limits = limits;
  }

  void check(IBaseResource resource) {
    if (resource instanceof Bundle bundle && bundle.getEntry().size() > limits.getMaxBundleEntries()) {
      throw new PayloadTooLargeException(
          Messages.text("limits.bundleEntries", limits.getMaxBundleEntries()));
    }
    if (resource instanceof Base base) {
      walk(base, 0);
    }
  }

  private void walk(Base element, int depth) {
    if (depth > limits.getMaxNestingDepth()) {
      throw new InvalidRequestException(
          Messages.text("limits.nestingDepth", limits.getMaxNestingDepth()));
    }
    if (element instanceof PrimitiveType<?> primitive) {
      checkPrimitive(primitive);
    } else if (element instanceof Narrative narrative && narrative.hasDiv()) {
      checkNarrative(narrative.getDivAsString());
    }
    for (Property property : element.children()) {
      List<Base> values = property.getValues();
      if (values.isEmpty()) {
        continue;
      }
      if (values.size() > limits.getMaxElementRepeats() && !(element instanceof Bundle)) {
        throw new PayloadTooLargeException(Messages.text("limits.elementRepeats",
            limits.getMaxElementRepeats(), property.getName()));
      }
      for (Base value : values) {
        if (value != null) {
          walk(value, depth + 1);
        }
      }
    }
  }

  private void checkPrimitive(PrimitiveType<?> primitive) {
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
    if (text.length() > limits.getMaxStringLength()) {
      throw new PayloadTooLargeException(
          Messages.text("limits.stringLength", limits.getMaxStringLength()));
    }
    checkCharacters(text);
  }

  private void checkNarrative(String div) {
    if (div == null) {
      return;
    }
    if (div.length() > limits.getMaxNarrativeLength()) {
      throw new PayloadTooLargeException(
          Messages.text("limits.narrativeLength", limits.getMaxNarrativeLength()));
    }
    checkCharacters(div);
  }

  private static void checkCharacters(String text) {
    if (ControlCharacters.containsForbidden(text)) {
      throw new InvalidRequestException(
          Messages.text("limits.stringControlCharacters"));
    }
  }

  private static void checkDecimal(BigDecimal value) {
    if (value != null && value.signum() != 0
        && Math.abs(value.precision() - value.scale() - 1) > MAX_DECIMAL_EXPONENT) {
      throw new InvalidRequestException(Messages.text("limits.decimalRange"));
    }
  }
}
