package nl.sluis.conformance;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IValidationContext;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.elementmodel.Manager;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * HAPI's instance validator, with the HL7 {@link InstanceValidator} behind it reused across validations instead of
 * built for every one. HAPI's {@code ValidatorWrapper} builds a new InstanceValidator per call, and each build walks
 * every StructureDefinition of the chain several times (three {@code FHIRPathEngine}s and their type maps): ≈ 5 % of a
 * validated write's CPU in a JFR profile of the bulk load (session 17). The HL7 validator is made for reuse: its main
 * entry point clears its per-resource state first ({@code fetchCache}, the resource tracker, tracked messages).
 * What it does keep between calls (an xhtml id map keyed by element, every coding seen with the element tree it sits
 * in, texts for an AI check we do not enable) only grows, so an instance is retired after
 * {@link #USES_PER_VALIDATOR} validations or {@link #CHARACTERS_PER_VALIDATOR} characters of JSON validated, whichever
 * comes first (a few large resources must not keep their element trees alive); one validator is used by one thread at
 * a time (a small pool, not shared). Everything else is what HAPI's wrapper does, in the same order:
 * same settings, the declared {@code meta.profile}s added, unknown ones reported, the same two messages filtered.
 * XML input (only from callers that hand the validator XML text) takes HAPI's own path unchanged. The settings are
 * copied when a validator is built: set them before the first validation (as {@link ValidationChainFactory} does).
 */
final class ReusingInstanceValidator extends FhirInstanceValidator {

  /** Bounds what a validator accumulates between calls; building one costs ≈ 0.3 ms, so 1 in 200 is noise. */
  static final int USES_PER_VALIDATOR = 200;
  /** Bounds the element trees a pooled validator keeps alive (≈ 100 typical resources of 2–3 kB). */
  static final int CHARACTERS_PER_VALIDATOR = 256 * 1024;
  /** Idle validators kept; more concurrent writers build their own and drop them. */
  private static final int POOLED = 8;

  private final ConcurrentLinkedQueue<Pooled> idle = new ConcurrentLinkedQueue<>();
  private final AtomicInteger idleCount = new AtomicInteger();
  /** Bumped by {@link #invalidateCaches()}: validators built before it are not returned to the pool. */
  private final AtomicLong generation = new AtomicLong();
  private final AtomicLong built = new AtomicLong();

  ReusingInstanceValidator(ValidationSupportChain chain) {
    super(chain);
  }

  @Override
  protected List<ValidationMessage> validate(IValidationContext<?> context) {
    if (context.getResourceAsStringEncoding() != EncodingEnum.JSON) {
      return super.validate(context);
    }
    IWorkerContext worker = provideWorkerContext();
    Pooled pooled = take(worker);
    List<ValidationMessage> messages = new ArrayList<>();
    List<ValidationMessage> unknownProfiles = new ArrayList<>();
    List<StructureDefinition> profiles = new ArrayList<>();
    context.getOptions().getProfiles().forEach(url -> addProfile(worker, profiles, url, unknownProfiles));
    String input = context.getResourceAsString();
    declaredProfiles(input).forEach(url -> addProfile(worker, profiles, url, unknownProfiles));
    // a validator that threw may be left half-way through a resource: it is not given back
    pooled.validator.validate(context.getOptions().getAppContext(), messages,
        new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), Manager.FhirFormat.JSON, profiles);
    giveBack(pooled, input.length());
    if (profiles.isEmpty()) {
      messages.addAll(unknownProfiles);
    }
    messages.removeIf(ReusingInstanceValidator::filteredAsHapiDoes);
    messages.stream()
        .filter(m -> I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN.equals(m.getMessageId())
            || I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN_NOT_POLICY.equals(m.getMessageId()))
        .forEach(m -> m.setLevel(isErrorForUnknownProfiles()
            ? ValidationMessage.IssueSeverity.ERROR : ValidationMessage.IssueSeverity.WARNING));
    return messages;
  }

  /** Drops the pooled validators too: they hold type maps built from the definitions of that moment. */
  @Override
  public void invalidateCaches() {
    generation.incrementAndGet();
    while (idle.poll() != null) {
      idleCount.decrementAndGet();
    }
    super.invalidateCaches();
  }

  /** How many HL7 validators this one has built (for tests: reuse is observable). */
  long validatorsBuilt() {
    return built.get();
  }

  private Pooled take(IWorkerContext worker) {
    Pooled pooled = idle.poll();
    if (pooled != null) {
      idleCount.decrementAndGet();
      if (pooled.generation == generation.get()) {
        return pooled;
      }
    }
    built.incrementAndGet();
    return new Pooled(build(worker), generation.get());
  }

  private void giveBack(Pooled pooled, int characters) {
    pooled.uses++;
    pooled.characters += characters;
    if (pooled.uses >= USES_PER_VALIDATOR || pooled.characters >= CHARACTERS_PER_VALIDATOR
        || pooled.generation != generation.get()) {
      return; // retired
    }
    if (idleCount.incrementAndGet() <= POOLED) {
      idle.offer(pooled);
    } else {
      idleCount.decrementAndGet();
    }
  }

  /** The settings HAPI's wrapper gives every validator it builds, taken from this module's own. */
  private InstanceValidator build(IWorkerContext worker) {
    InstanceValidator v = new InstanceValidator(worker, getHostApplicationServices() != null
        ? getHostApplicationServices() : new FhirInstanceValidator.NullEvaluationContext(),
        new XVerExtensionManagerOld(worker), new ValidatorSession(), new ValidatorSettings());
    v.setAssumeValidRestReferences(isAssumeValidRestReferences());
    v.setBestPracticeWarningLevel(getBestPracticeWarningLevel());
    v.setAnyExtensionsAllowed(isAnyExtensionsAllowed());
    v.setResourceIdRule(IdStatus.OPTIONAL);
    v.setNoTerminologyChecks(isNoTerminologyChecks());
    v.setErrorForUnknownProfiles(isErrorForUnknownProfiles());
    v.setUnknownCodeSystemsCauseErrors(true);
    v.getExtensionDomains().addAll(getExtensionDomains());
    v.setFetcher(getValidatorResourceFetcher());
    v.setPolicyAdvisor(getValidatorPolicyAdvisor());
    v.setNoExtensibleWarnings(isNoExtensibleWarnings());
    v.setNoBindingMsgSuppressed(isNoBindingMsgSuppressed());
    v.setAllowExamples(isAllowExamples());
    v.setAllowXsiLocation(true);
    return v;
  }

  private static List<String> declaredProfiles(String json) {
    List<String> urls = new ArrayList<>();
    JsonElement parsed = JsonParser.parseString(json);
    if (parsed.isJsonObject() && parsed.getAsJsonObject().get("meta") instanceof JsonObject meta
        && meta.get("profile") instanceof JsonArray declared) {
      declared.forEach(url -> urls.add(url.getAsString()));
    }
    return urls;
  }

  private static void addProfile(IWorkerContext worker, List<StructureDefinition> profiles, String url,
      List<ValidationMessage> unknown) {
    StructureDefinition profile;
    try {
      profile = worker.fetchResource(StructureDefinition.class, url);
    } catch (org.hl7.fhir.exceptions.FHIRException e) {
      return; // as HAPI: a profile that cannot be loaded is left to the validator's own reporting
    }
    if (profile != null) {
      profiles.add(profile);
    } else {
      ValidationMessage m = new ValidationMessage();
      m.setMessageId(I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN);
      m.setLevel(ValidationMessage.IssueSeverity.ERROR);
      m.setMessage("Invalid profile. Failed to retrieve profile with url=" + url);
      unknown.add(m);
    }
  }

  /** The two messages HAPI's wrapper drops (a binding without a source; the mime-type value set not found). */
  private static boolean filteredAsHapiDoes(ValidationMessage m) {
    return m.getMessageId() != null
        && (m.getMessageId().equals(I18nConstants.TERMINOLOGY_TX_BINDING_NOSOURCE)
            || (m.getMessageId().equals(I18nConstants.TERMINOLOGY_TX_VALUESET_NOTFOUND)
                && m.getMessage().contains("http://hl7.org/fhir/ValueSet/mimetypes")));
  }

  private static final class Pooled {
    final InstanceValidator validator;
    final long generation;
    int uses;
    long characters;

    Pooled(InstanceValidator validator, long generation) {
      this.validator = validator;
      this.generation = generation;
    }
  }
}
