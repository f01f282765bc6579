package nl.sluis.assessment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * SDC observation-based extraction, as Sluis reads it (pure: no storage, no HAPI server). Items of the
 * Questionnaire carrying {@code sluis-ext-ObservationExtract = true} (our own marker, modelled on SDC's
 * {@code sdc-questionnaire-observationExtract}, which is read too) become Observations with the item's
 * codes of its first code's system as {@code Observation.code} (its codes of other systems, such as the attention
 * point, as {@code component.code}: one required binding on {@code code} admits one system):
 * <ul>
 *   <li>a <b>question</b>: one Observation per answer, value = the answer;</li>
 *   <li>a <b>group</b> (SDC leaves its value open): one Observation per occurrence in the response; value = its
 *       first answered coded child (e.g. {@code .antwoord}, {@code .rol}), {@code note} = its answered text children
 *       ({@code .toelichting}), {@code focus} = its answered reference child (a RelatedPerson), or a display-only
 *       reference holding its answered string child ({@code omschrijving}) when there is no reference.</li>
 * </ul>
 * Every Observation gets subject, performer (the response's author), effective time (the response's
 * {@code authored}), {@code derivedFrom} the response, category {@code survey}, the response's security labels plus
 * confidentiality V and (when the response carries none) sensitivity PSY, and a stable identifier
 * {@code <response id>/<finding key>} in {@link #IDENTIFIER_SYSTEM}, so that a later amendment of the same response
 * can be matched finding by finding. Descendants of an extracted group are walked too (a network person inside
 * attention point 8 is a finding of its own).
 */
public final class ObservationExtractor {

  public static final String OBSERVATION_EXTRACT = "http://sluis.nl/fhir/StructureDefinition/sluis-ext-ObservationExtract";
  /** HL7 SDC's marker: the same meaning when its value is true (a Questionnaire from elsewhere may carry it). */
  static final String SDC_OBSERVATION_EXTRACT =
      "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-observationExtract";
  public static final String IDENTIFIER_SYSTEM = "http://sluis.nl/fhir/NamingSystem/assessment-finding";
  static final String CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
  static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
  static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";

  /** One extracted finding: its key within the response and the Observation (without id). */
  public record Finding(String key, Observation observation) {}

  private ObservationExtractor() {}

  /** True when some item of the Questionnaire asks for observation-based extraction. */
  public static boolean hasExtractableItems(Questionnaire questionnaire) {
    return anyMarked(questionnaire.getItem());
  }

  private static boolean anyMarked(List<QuestionnaireItemComponent> items) {
    for (QuestionnaireItemComponent item : items) {
      if (isMarked(item) || anyMarked(item.getItem())) {
        return true;
      }
    }
    return false;
  }

  /**
   * The findings of a response. {@code responseReference} is what {@code derivedFrom} points at (e.g.
   * {@code QuestionnaireResponse/12}); its id part keys the identifiers.
   *
   * @throws ExtractionException when the response lacks what every finding needs (subject, author, authored)
   */
  public static List<Finding> extract(Questionnaire questionnaire, QuestionnaireResponse response,
      String responseReference) {
    if (!response.getSubject().hasReference()) {
      throw new ExtractionException(Messages.text("extraction.noSubject"));
    }
    if (!response.getAuthor().hasReference()) {
      throw new ExtractionException(Messages.text("extraction.noAuthor"));
    }
    if (!response.hasAuthored()) {
      throw new ExtractionException(Messages.text("extraction.noAuthored"));
    }
    Map<String, Finding> out = new LinkedHashMap<>();
    String idPart = responseReference.substring(responseReference.lastIndexOf('/') + 1);
    new Walk(response, responseReference, idPart, out).items(questionnaire.getItem(), response.getItem(), "");
    return new ArrayList<>(out.values());
  }

  private record Walk(QuestionnaireResponse response, String reference, String idPart, Map<String, Finding> out) {

    void items(List<QuestionnaireItemComponent> definitions, List<QuestionnaireResponseItemComponent> answered,
        String path) {
      for (QuestionnaireItemComponent definition : definitions) {
        List<QuestionnaireResponseItemComponent> occurrences = answered.stream()
            .filter(i -> definition.getLinkId().equals(i.getLinkId())).toList();
        for (int n = 0; n < occurrences.size(); n++) {
          QuestionnaireResponseItemComponent occurrence = occurrences.get(n);
          String key = path + definition.getLinkId() + (occurrences.size() > 1 || definition.getRepeats()
              ? "[" + n + "]" : "");
          if (isMarked(definition)) {
            if (definition.getType() == QuestionnaireItemType.GROUP) {
              group(definition, occurrence, key);
            } else {
              question(definition, occurrence, key);
            }
          }
          items(definition.getItem(), occurrence.getItem(), key + "/");
          for (QuestionnaireResponseItemAnswerComponent answer : occurrence.getAnswer()) {
            items(definition.getItem(), answer.getItem(), key + "/");
          }
        }
      }
    }

    void question(QuestionnaireItemComponent definition, QuestionnaireResponseItemComponent occurrence, String key) {
      List<QuestionnaireResponseItemAnswerComponent> answers = occurrence.getAnswer();
      for (int a = 0; a < answers.size(); a++) {
        Type value = answers.get(a).getValue();
        if (value == null) {
          continue;
        }
        String answerKey = definition.getRepeats() && value instanceof Coding coding && coding.hasCode()
            ? key + "=" + coding.getCode() : (answers.size() > 1 ? key + "#" + a : key);
        Observation observation = base(definition, answerKey);
        observation.setValue(observationValue(value));
        out.put(answerKey, new Finding(answerKey, observation));
      }
    }

    void group(QuestionnaireItemComponent definition, QuestionnaireResponseItemComponent occurrence, String key) {
      Observation observation = base(definition, key);
      for (QuestionnaireItemComponent child : definition.getItem()) {
        for (QuestionnaireResponseItemComponent answeredChild : occurrence.getItem()) {
          if (!child.getLinkId().equals(answeredChild.getLinkId())) {
            continue;
          }
          for (QuestionnaireResponseItemAnswerComponent answer : answeredChild.getAnswer()) {
            Type value = answer.getValue();
            switch (child.getType()) {
              case CHOICE, OPENCHOICE -> {
                if (!observation.hasValue() && value != null) {
                  observation.setValue(observationValue(value));
                }
              }
              case TEXT -> {
                if (value instanceof StringType text && text.hasValue()) {
                  observation.addNote().setText(text.getValue());
                }
              }
              case REFERENCE -> {
                if (value instanceof Reference person && person.hasReference()) {
                  observation.getFocus().removeIf(f -> !f.hasReference());
                  observation.addFocus(new Reference(person.getReference()).setDisplay(person.getDisplay()));
                }
              }
              case STRING -> {
                if (value instanceof StringType text && text.hasValue() && !observation.hasFocus()) {
                  observation.addFocus().setDisplay(text.getValue());
                }
              }
              default -> { }
            }
          }
        }
      }
      out.put(key, new Finding(key, observation));
    }

    Observation base(QuestionnaireItemComponent definition, String key) {
      if (!definition.hasCode()) {
        throw new ExtractionException(Messages.text("extraction.itemWithoutCode", definition.getLinkId()));
      }
      Observation observation = new Observation();
      observation.getMeta().setSecurity(securityLabels(response));
      observation.addIdentifier(new Identifier().setSystem(IDENTIFIER_SYSTEM).setValue(idPart + "/" + key));
      observation.setStatus(Observation.ObservationStatus.FINAL);
      observation.addCategory(new CodeableConcept(new Coding(OBSERVATION_CATEGORY, "survey", "Survey")));
      // Observation.code: the item codes of the first code's system (ours: assessment-finding); the item's codes of
      // other systems name what the finding is about and become components (e.g. attention-point#extreme-ideology).
      String system = definition.getCodeFirstRep().getSystem();
      CodeableConcept code = new CodeableConcept();
      for (Coding c : definition.getCode()) {
        if (java.util.Objects.equals(system, c.getSystem())) {
          code.addCoding(c.copy());
        } else {
          observation.addComponent().setCode(new CodeableConcept(c.copy()));
        }
      }
      code.setText(definition.getText());
      observation.setCode(code);
      observation.setSubject(new Reference(response.getSubject().getReference()));
      observation.addPerformer(new Reference(response.getAuthor().getReference()));
      observation.setEffective(new DateTimeType(response.getAuthoredElement().getValueAsString()));
      observation.addDerivedFrom(new Reference(reference));
      return observation;
    }
  }

  /** The response's labels, plus confidentiality V and a sensitivity (PSY) when it carries none. */
  static List<Coding> securityLabels(QuestionnaireResponse response) {
    List<Coding> labels = new ArrayList<>();
    response.getMeta().getSecurity().forEach(c -> labels.add(c.copy()));
    labels.removeIf(c -> CONFIDENTIALITY.equals(c.getSystem()) && !"V".equals(c.getCode()));
    if (labels.stream().noneMatch(c -> CONFIDENTIALITY.equals(c.getSystem()))) {
      labels.add(new Coding(CONFIDENTIALITY, "V", "very restricted"));
    }
    if (labels.stream().noneMatch(c -> ACT_CODE.equals(c.getSystem()) && SENSITIVITY.contains(c.getCode()))) {
      labels.add(new Coding(ACT_CODE, "PSY", "psychiatry disorder information sensitivity"));
    }
    return labels;
  }

  private static final java.util.Set<String> SENSITIVITY = java.util.Set.of("PSY", "MH", "BH", "REL", "VIO", "ADOL",
      "SDV");

  static boolean isMarked(QuestionnaireItemComponent item) {
    for (String url : new String[] {OBSERVATION_EXTRACT, SDC_OBSERVATION_EXTRACT}) {
      Extension marker = item.getExtensionByUrl(url);
      if (marker != null) {
        return marker.getValue() instanceof BooleanType b && b.booleanValue();
      }
    }
    return item.getCode().stream().anyMatch(c -> isTrue(c.getExtensionByUrl(OBSERVATION_EXTRACT))
        || isTrue(c.getExtensionByUrl(SDC_OBSERVATION_EXTRACT)));
  }

  private static boolean isTrue(Extension marker) {
    return marker != null && marker.getValue() instanceof BooleanType b && b.booleanValue();
  }

  /** An answer as an Observation value (Coding becomes CodeableConcept; Reference and Attachment have no place). */
  static Type observationValue(Type answer) {
    if (answer instanceof Coding coding) {
      return new CodeableConcept(coding.copy());
    }
    if (answer instanceof Reference reference) {
      return new StringType(reference.hasDisplay() ? reference.getDisplay() : reference.getReference());
    }
    if (answer instanceof org.hl7.fhir.r4.model.UriType uri && !(answer instanceof org.hl7.fhir.r4.model.IdType)) {
      return new StringType(uri.getValue());
    }
    if (answer instanceof org.hl7.fhir.r4.model.DateType date) {
      return new DateTimeType(date.getValueAsString());
    }
    return answer.copy();
  }
}
