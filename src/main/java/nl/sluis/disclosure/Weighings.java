package nl.sluis.disclosure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import nl.sluis.disclosure.engine.LegalGroundCode;
import nl.sluis.disclosure.engine.Weighing;
import nl.sluis.disclosure.engine.WeighingType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Type;

/**
 * Reads a weighing record (afweging: a response to the Questionnaire {@code afweging-wettelijke-grondslag},
 * profile {@code sluis-QuestionnaireResponse-Afweging}) into the engine's {@link Weighing}, and says which of the
 * law's conditions it does not meet. The one place that knows the Questionnaire's linkIds.
 */
final class Weighings {

  static final String QUESTIONNAIRE = "http://sluis.nl/fhir/Questionnaire/afweging-wettelijke-grondslag";

  /** Conflict van plichten: the five conditions of the law, each a group with a yes/no answer and an explanation. */
  static final List<String> CONFLICT_OF_DUTIES_CONDITIONS = List.of("voorwaarde-toestemming-gevraagd",
      "voorwaarde-ernstige-schade", "voorwaarde-geen-andere-weg", "voorwaarde-verstrekking-helpt",
      "voorwaarde-zo-min-mogelijk");
  /** Legal duty or right to report: the statutory basis and the kind of recipient. */
  static final List<String> STATUTORY_ITEMS = List.of("wettelijke-grondslag.basis",
      "wettelijke-grondslag.ontvanger-soort");
  /** Compelling interest: the interest. */
  static final List<String> COMPELLING_INTEREST_ITEMS = List.of("zwaarwegend-belang.belang");

  private Weighings() {}

  static boolean isWeighing(QuestionnaireResponse response) {
    String canonical = response.getQuestionnaire();
    if (canonical == null) {
      return false;
    }
    int bar = canonical.indexOf('|');
    return QUESTIONNAIRE.equals(bar < 0 ? canonical : canonical.substring(0, bar));
  }

  /** The ground the weighing is for (item {@code grondslag}), if it names one of ours. */
  static Optional<LegalGroundCode> ground(QuestionnaireResponse response) {
    for (QuestionnaireResponseItemComponent item : response.getItem()) {
      if ("grondslag".equals(item.getLinkId())) {
        for (QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent answer : item.getAnswer()) {
          if (answer.getValue() instanceof Coding c && FhirCodes.LEGAL_GROUND.equals(c.getSystem()) && c.hasCode()
              && !"consent".equals(c.getCode())) {
            try {
              return Optional.of(LegalGroundCode.valueOf(c.getCode().toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException unknown) {
              return Optional.empty();
            }
          }
        }
      }
    }
    return Optional.empty();
  }

  /** Completed: in force as written (an amended response is a corrected completed one). */
  static boolean isCompleted(QuestionnaireResponse response) {
    return response.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED
        || response.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED;
  }

  /**
   * The linkIds of the conditions this weighing does not meet for its kind: a conflict-of-duties condition
   * answered no or not answered; a statutory basis, recipient type or interest left empty.
   */
  static List<String> unmetConditions(QuestionnaireResponse response, WeighingType type) {
    List<String> unmet = new ArrayList<>();
    switch (type) {
      case CONFLICT_OF_DUTIES -> {
        for (String condition : CONFLICT_OF_DUTIES_CONDITIONS) {
          Type answer = firstAnswer(response.getItem(), condition + ".antwoord");
          if (!(answer instanceof BooleanType yes && Boolean.TRUE.equals(yes.getValue()))) {
            unmet.add(condition);
          }
        }
      }
      case STATUTORY -> STATUTORY_ITEMS.stream().filter(i -> !answered(response, i)).forEach(unmet::add);
      case COMPELLING_INTEREST -> COMPELLING_INTEREST_ITEMS.stream().filter(i -> !answered(response, i))
          .forEach(unmet::add);
    }
    return unmet;
  }

  /** The engine's view of a weighing record; empty when it names no ground (it can support none). */
  static Optional<Weighing> toWeighing(String reference, QuestionnaireResponse response, String authorRole) {
    Optional<LegalGroundCode> ground = ground(response);
    if (ground.isEmpty()) {
      return Optional.empty();
    }
    WeighingType type = ground.get().weighingType();
    return Optional.of(new Weighing(reference, type, isCompleted(response),
        unmetConditions(response, type).isEmpty(),
        response.hasAuthored() ? response.getAuthored().toInstant() : null, authorRole));
  }

  private static boolean answered(QuestionnaireResponse response, String linkId) {
    Type answer = firstAnswer(response.getItem(), linkId);
    return answer != null && !answer.isEmpty() && !(answer.isPrimitive() && answer.primitiveValue().isBlank());
  }

  /** The first answer to {@code linkId} anywhere in the tree (linkIds are unique in a Questionnaire). */
  private static Type firstAnswer(List<QuestionnaireResponseItemComponent> items, String linkId) {
    for (QuestionnaireResponseItemComponent item : items) {
      if (linkId.equals(item.getLinkId())) {
        return item.hasAnswer() ? item.getAnswerFirstRep().getValue() : null;
      }
      Type nested = firstAnswer(item.getItem(), linkId);
      if (nested != null) {
        return nested;
      }
      for (QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent answer : item.getAnswer()) {
        nested = firstAnswer(answer.getItem(), linkId);
        if (nested != null) {
          return nested;
        }
      }
    }
    return null;
  }
}
