package nl.sluis.dataset;

import java.util.List;
import java.util.Random;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * Concerns (zorgsignaal) and joint assessments (inschatting situatie en risico's) as QuestionnaireResponses for our
 * Questionnaires ({@code profiles/Questionnaire-*.json}): every required item answered, enableWhen respected, codes
 * from the answer value sets, {@code item.text} left out (optional; when sent it must equal the Dutch text).
 */
final class Assessments {

  private static final String[] SIGNALS = {
      "Zei in het gesprek dat 'deze maatschappij niets voor hem of haar betekent'.",
      "Deelt volgens een andere deelnemer online filmpjes van een extremistische groep.",
      "Trekt zich de laatste weken terug uit de groep en is somberder.",
      "Sprak met bewondering over geweld tegen een bevolkingsgroep.",
      "Heeft contact gezocht met een besloten online groep met extreme opvattingen.",
      "Weigert sinds kort met bepaalde groepsgenoten samen te werken."};
  private static final String[] SOURCES = {"own-observation", "client", "group-participant", "parent-or-network",
      "colleague", "online"};
  private static final String[] TRIGGERS = {"loss", "family-conflict", "discrimination", "school-or-work",
      "justice-contact", "world-events", "online-influence", "personal-crisis"};
  private static final String[] ATTENTION_POINTS = {"extreme-ideology", "rejects-society", "seeks-like-minded",
      "feels-disadvantaged", "feels-part-of-society", "rules-and-violence", "feels-superior", "social-network",
      "drivers"};
  private static final String[] ANSWERS = {"yes", "partly", "no", "unknown"};
  private static final String[] DRIVERS = {"identity", "meaning", "justice", "sensation"};
  private static final String[] LIKELIHOOD = {"low", "moderate", "high", "unknown"};
  private static final String[] VULNERABILITY = {"not-extra-vulnerable", "extra-vulnerable", "unknown"};

  private Assessments() {}

  /** Confidentiality V and psychiatric sensitivity, as the profiles require for concerns and assessments. */
  static Meta securityLabels() {
    Meta meta = new Meta();
    meta.addSecurity(Fhir.coding(Fhir.V3_CONFIDENTIALITY, "V", "very restricted"));
    meta.addSecurity(Fhir.coding(Fhir.V3_ACT_CODE, "PSY", "psychiatry disorder information sensitivity"));
    return meta;
  }

  /** A concern registered after a conversation, discussed internally (with the aandachtsfunctionaris). */
  static QuestionnaireResponse concern(Random random, String id, Reference subject, Professional author,
      DateTimeType authored, boolean assessed) {
    QuestionnaireResponse response = base(id, "zorgsignaal", subject, author, authored);
    response.addExtension(Fhir.SLUIS_SD + "sluis-ext-ConcernStatus", assessed
        ? Fhir.sluis("concern-status", "in-assessment", "Inschatting loopt")
        : Fhir.sluis("concern-status", "discussed-internally", "Intern besproken"));
    String day = authored.getValueAsString().substring(0, 10);
    response.addItem(item("datum", new DateType(day)));
    response.addItem(item("gespreksvorm", random.nextBoolean()
        ? Fhir.sluis("conversation-setting", "individual", "Individueel gesprek")
        : Fhir.sluis("conversation-setting", "group", "Groepsgesprek")));
    int signals = 1 + random.nextInt(3);
    for (int i = 0; i < signals; i++) {
      QuestionnaireResponseItemComponent signal = new QuestionnaireResponseItemComponent().setLinkId("signaal");
      signal.addItem(item("signaal.beschrijving", new StringType(SIGNALS[random.nextInt(SIGNALS.length)])));
      signal.addItem(item("signaal.soort", random.nextInt(3) == 0
          ? Fhir.sluis("signal-type", "opinion", "Mening of interpretatie")
          : Fhir.sluis("signal-type", "fact", "Feit")));
      signal.addItem(item("signaal.bron", Fhir.sluis("information-source", SOURCES[random.nextInt(SOURCES.length)],
          null)));
      response.addItem(signal);
    }
    response.addItem(item("intern-besproken", new BooleanType(true)));
    response.addItem(item("besproken-met", Fhir.sluis("consultation-partner", "aandachtsfunctionaris",
        "Aandachtsfunctionaris"), Fhir.sluis("consultation-partner", "colleague", "Directe collega")));
    response.addItem(item("besproken-op", new DateType(day)));
    response.addItem(item("landelijk-advies", Fhir.sluis("advice-request-status", "not-asked",
        "Geen advies gevraagd")));
    return response;
  }

  /**
   * The joint assessment following {@code concern}, with the record of the internal deliberation; a parent or
   * contact person, when the client has one, appears as a person in the social network.
   */
  static QuestionnaireResponse assessment(Random random, String id, Reference subject, Professional author,
      Professional aandachtsfunctionaris, QuestionnaireResponse concern, List<RelatedPerson> network,
      DateTimeType authored) {
    QuestionnaireResponse response = base(id, "inschatting-situatie-risicos", subject, author, authored);
    response.addItem(item("zorgsignaal", new Reference("QuestionnaireResponse/" + concern.getIdPart())));
    QuestionnaireResponseItemComponent trigger = new QuestionnaireResponseItemComponent().setLinkId("triggerfactor");
    trigger.addItem(item("triggerfactor.categorie",
        Fhir.sluis("trigger-factor", TRIGGERS[random.nextInt(TRIGGERS.length)], null)));
    trigger.addItem(item("triggerfactor.beschrijving", new StringType("Recente ingrijpende gebeurtenis.")));
    response.addItem(trigger);
    response.addItem(item("kwetsbaarheid",
        Fhir.sluis("vulnerability", VULNERABILITY[random.nextInt(VULNERABILITY.length)], null)));
    response.addItem(item("kans-ontsporing",
        Fhir.sluis("derailment-likelihood", LIKELIHOOD[random.nextInt(LIKELIHOOD.length)], null)));
    response.addItem(item("tegensignalen", new StringType(
        "Keurt geweld af, komt trouw naar de behandeling en heeft een goede band met het gezin.")));
    QuestionnaireResponseItemComponent points = new QuestionnaireResponseItemComponent().setLinkId("aandachtspunten");
    for (String point : ATTENTION_POINTS) {
      String linkId = "aandachtspunt-" + point;
      String answer = ANSWERS[random.nextInt(ANSWERS.length)];
      boolean enabled = answer.equals("yes") || answer.equals("partly");
      if (point.equals("social-network") && !network.isEmpty()) {
        answer = "yes"; // the contact person is named below as a protective factor
        enabled = true;
      }
      QuestionnaireResponseItemComponent group = new QuestionnaireResponseItemComponent().setLinkId(linkId);
      group.addItem(item(linkId + ".antwoord", Fhir.sluis("attention-point-answer", answer, null)));
      if (point.equals("social-network") && enabled) {
        QuestionnaireResponseItemComponent person = new QuestionnaireResponseItemComponent()
            .setLinkId("netwerk-persoon");
        if (network.isEmpty()) {
          person.addItem(item("netwerk-persoon.omschrijving", new StringType("Online contact uit een chatgroep")));
          person.addItem(item("netwerk-persoon.rol", Fhir.sluis("network-role", "risk-factor", "Risicofactor")));
        } else {
          person.addItem(item("netwerk-persoon.persoon",
              new Reference("RelatedPerson/" + network.get(0).getIdPart())));
          person.addItem(item("netwerk-persoon.rol",
              Fhir.sluis("network-role", "protective-factor", "Beschermende factor")));
        }
        group.addItem(person);
      }
      if (point.equals("drivers") && enabled) {
        group.addItem(item("drijfveren", Fhir.sluis("driver", DRIVERS[random.nextInt(DRIVERS.length)], null)));
      }
      points.addItem(group);
    }
    response.addItem(points);
    QuestionnaireResponseItemComponent deliberation = new QuestionnaireResponseItemComponent().setLinkId("overleg");
    deliberation.addItem(item("overleg.deelnemer-rol",
        Fhir.sluis("consultation-partner", "aandachtsfunctionaris", "Aandachtsfunctionaris"),
        Fhir.sluis("consultation-partner", "colleague", "Directe collega")));
    deliberation.addItem(item("overleg.deelnemer", Fhir.ref(author.role(), author.display()),
        Fhir.ref(aandachtsfunctionaris.role(), aandachtsfunctionaris.display())));
    deliberation.addItem(item("overleg.datum", authored.copy()));
    deliberation.addItem(item("overleg.conclusie", new StringType(
        "Zorgen besproken; geen aanwijzingen voor direct gevaar. We blijven in contact en bespreken de situatie "
            + "over vier weken opnieuw.")));
    deliberation.addItem(item("overleg.vervolgstap",
        Fhir.sluis("next-step", "stay-in-contact", "In contact blijven met de cliënt")));
    response.addItem(deliberation);
    return response;
  }

  /**
   * The documented weighing (afweging) behind a report to Veilig Thuis on the right to report: the Meldcode as
   * statutory basis, Veilig Thuis as recipient, resting on {@code assessment}.
   */
  static QuestionnaireResponse weighing(String id, Reference subject, Professional author,
      QuestionnaireResponse assessment, DateTimeType authored) {
    QuestionnaireResponse response = base(id, "afweging-wettelijke-grondslag", subject, author, authored);
    response.addItem(item("grondslag", Fhir.sluis("legal-ground", "right-to-report", "Wettelijk meldrecht")));
    response.addItem(item("inschatting", new Reference("QuestionnaireResponse/" + assessment.getIdPart())));
    QuestionnaireResponseItemComponent statutory = new QuestionnaireResponseItemComponent()
        .setLinkId("wettelijke-grondslag");
    statutory.addItem(item("wettelijke-grondslag.basis", Fhir.sluis("statutory-basis",
        "meldcode-huiselijk-geweld-kindermishandeling", "Meldcode huiselijk geweld en kindermishandeling")));
    statutory.addItem(item("wettelijke-grondslag.toelichting", new StringType(
        "Na overleg met de aandachtsfunctionaris volgens de stappen van de meldcode.")));
    statutory.addItem(item("wettelijke-grondslag.ontvanger-soort",
        Fhir.sluis("consultation-partner", "veilig-thuis", "Veilig Thuis")));
    response.addItem(statutory);
    return response;
  }

  private static QuestionnaireResponse base(String id, String questionnaire, Reference subject, Professional author,
      DateTimeType authored) {
    QuestionnaireResponse response = Fhir.withId(new QuestionnaireResponse(), id);
    response.setMeta(securityLabels());
    response.setQuestionnaire(Fhir.SLUIS_Q + questionnaire);
    response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
    response.setSubject(subject.copy());
    response.setAuthored(authored.getValue());
    response.getAuthoredElement().setValueAsString(authored.getValueAsString());
    response.setAuthor(Fhir.ref(author.role(), author.display()));
    return response;
  }

  private static QuestionnaireResponseItemComponent item(String linkId, Type... answers) {
    QuestionnaireResponseItemComponent item = new QuestionnaireResponseItemComponent().setLinkId(linkId);
    for (Type answer : answers) {
      item.addAnswer(new QuestionnaireResponseItemAnswerComponent().setValue(answer));
    }
    return item;
  }
}
