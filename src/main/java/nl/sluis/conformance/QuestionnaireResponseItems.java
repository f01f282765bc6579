package nl.sluis.conformance;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;

/**
 * Resolves a validator location inside a QuestionnaireResponse ({@code QuestionnaireResponse.item[1].item[0]
 * .answer[0].value.ofType(string)}) to the {@code linkId} of the deepest item it passes, so that a 422 names the
 * question a client developer has to fix (the validators name the linkId only for some errors).
 */
final class QuestionnaireResponseItems {

  private static final Pattern STEP = Pattern.compile("\\.(item|answer)\\[(\\d+)]");

  private QuestionnaireResponseItems() {}

  static Optional<String> linkIdAt(QuestionnaireResponse response, String location) {
    if (location == null || !location.startsWith("QuestionnaireResponse.item[")) {
      return Optional.empty();
    }
    List<QuestionnaireResponseItemComponent> items = response.getItem();
    QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent answer = null;
    QuestionnaireResponseItemComponent item = null;
    Matcher m = STEP.matcher(location);
    int expected = "QuestionnaireResponse".length();
    while (m.find() && m.start() == expected) {
      int index = Integer.parseInt(m.group(2));
      if (m.group(1).equals("item")) {
        List<QuestionnaireResponseItemComponent> within = answer != null ? answer.getItem() : items;
        if (index >= within.size()) {
          break;
        }
        item = within.get(index);
        items = item.getItem();
        answer = null;
      } else {
        if (item == null || index >= item.getAnswer().size()) {
          break;
        }
        answer = item.getAnswer().get(index);
      }
      expected = m.end();
    }
    return Optional.ofNullable(item).map(QuestionnaireResponseItemComponent::getLinkId);
  }
}
