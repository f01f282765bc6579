package nl.sluis.conformance;

import ca.uhn.fhir.context.support.IValidationSupport;
import nl.sluis.server.language.AnswerLanguage;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.utilities.i18n.I18nBase;

/**
 * HAPI's worker context for the instance validator, whose messages are in the language of the request that is
 * validating: the core validator formats every message through its worker context ({@code formatMessage},
 * {@code formatMessagePlural}), and HAPI fixes that context's language once, from the FhirContext. Here the
 * language is looked up per call, on the calling thread ({@link AnswerLanguage}), so one worker context and one
 * support chain (definitions, snapshots, expansions: the costly part) serve Dutch and English requests at the same
 * time. Dutch texts come from the core's {@code Messages_nl.properties}; a key it lacks falls back to the English
 * text ({@link java.util.ResourceBundle}'s parent).
 */
final class AnswerLanguageWorkerContext extends WorkerContextValidationSupportAdapter {

  AnswerLanguageWorkerContext(IValidationSupport support) {
    super(support);
  }

  @Override
  public String formatMessage(String key, Object... arguments) {
    return AnswerLanguage.isDutch()
        ? DutchMessages.INSTANCE.formatMessage(key, arguments)
        : super.formatMessage(key, arguments);
  }

  @Override
  public String formatMessagePlural(Integer count, String key, Object... arguments) {
    return AnswerLanguage.isDutch()
        ? DutchMessages.INSTANCE.formatMessagePlural(count, key, arguments)
        : super.formatMessagePlural(count, key, arguments);
  }

  /**
   * The core's Dutch validator messages, read once, on the first Dutch validation (a server that is never asked in
   * Dutch never loads them). Read-only once loaded, so shared by every thread.
   */
  static final class DutchMessages extends I18nBase {

    static final DutchMessages INSTANCE = new DutchMessages();

    private DutchMessages() {
      setLocale(AnswerLanguage.DUTCH);
      // a key missing in both bundles would be recorded in a static HashMap shared by all threads
      setWarnAboutMissingMessages(false);
      getMessages(); // load the bundle and the plural rules here, not racing on the first two requests
      getPluralRules();
    }
  }
}
