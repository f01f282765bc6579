package nl.sluis.assessment;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.List;
import java.util.Optional;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;

/**
 * Every answer has the type its item asks for (the validators let a text answer to a {@code choice} item pass,
 * which would turn a coded finding into free text). A mismatch is a 422 naming the item's linkId and its location.
 * Only for responses whose Questionnaire is stored here; the validators cover everything else.
 */
@Interceptor
public final class AnswerTypeCheck {

  private final QuestionnaireLookup questionnaires;

  AnswerTypeCheck(QuestionnaireLookup questionnaires) {
    this.questionnaires = questionnaires;
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    check(resource);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource updated) {
    check(updated);
  }

  void check(IBaseResource resource) {
    if (!(resource instanceof QuestionnaireResponse response)) {
      return;
    }
    Optional<Questionnaire> questionnaire = questionnaires.find(response.getQuestionnaire());
    if (questionnaire.isEmpty()) {
      return;
    }
    OperationOutcome outcome = new OperationOutcome();
    walk(questionnaire.get().getItem(), response.getItem(), "QuestionnaireResponse", outcome);
    if (outcome.hasIssue()) {
      throw new UnprocessableEntityException(Messages.text("assessment.answersOfWrongType"), outcome);
    }
  }

  private static void walk(List<QuestionnaireItemComponent> definitions, List<QuestionnaireResponseItemComponent> items,
      String path, OperationOutcome outcome) {
    for (int i = 0; i < items.size(); i++) {
      QuestionnaireResponseItemComponent item = items.get(i);
      String itemPath = path + ".item[" + i + "]";
      QuestionnaireItemComponent definition = definitions.stream()
          .filter(d -> d.getLinkId().equals(item.getLinkId())).findFirst().orElse(null);
      if (definition == null) {
        continue; // the validators report unknown linkIds
      }
      for (int a = 0; a < item.getAnswer().size(); a++) {
        QuestionnaireResponseItemAnswerComponent answer = item.getAnswer().get(a);
        String type = answer.hasValue() ? answer.getValue().fhirType() : null;
        if (type != null && !allowed(definition.getType(), type)) {
          outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
              .setCode(OperationOutcome.IssueType.VALUE)
              .setDiagnostics(Messages.text("assessment.answerType", item.getLinkId(), definition.getType().toCode(), type))
              .addExpression(itemPath + ".answer[" + a + "]");
        }
        walk(definition.getItem(), answer.getItem(), itemPath + ".answer[" + a + "]", outcome);
      }
      walk(definition.getItem(), item.getItem(), itemPath, outcome);
    }
  }

  static boolean allowed(Questionnaire.QuestionnaireItemType itemType, String answerType) {
    return switch (itemType) {
      case BOOLEAN -> answerType.equals("boolean");
      case DECIMAL -> answerType.equals("decimal");
      case INTEGER -> answerType.equals("integer");
      case DATE -> answerType.equals("date");
      case DATETIME -> answerType.equals("dateTime");
      case TIME -> answerType.equals("time");
      case STRING, TEXT -> answerType.equals("string");
      case URL -> answerType.equals("uri");
      case CHOICE -> answerType.equals("Coding");
      case OPENCHOICE -> answerType.equals("Coding") || answerType.equals("string");
      case ATTACHMENT -> answerType.equals("Attachment");
      case REFERENCE -> answerType.equals("Reference");
      case QUANTITY -> answerType.equals("Quantity");
      default -> true; // group and display items have no answers; the validators report any
    };
  }
}
