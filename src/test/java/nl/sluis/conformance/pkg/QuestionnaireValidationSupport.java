package nl.sluis.conformance.pkg;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Questionnaire;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Serves the Questionnaires of the profiles package to HAPI's validator, so that a QuestionnaireResponse is
 * checked against its Questionnaire (required items, answer types, answer value sets, enableWhen,
 * cardinality). {@code PrePopulatedValidationSupport} keeps only StructureDefinitions, CodeSystems, ValueSets
 * and SearchParameters; the server gets its Questionnaires from its own store.
 */
final class QuestionnaireValidationSupport implements IValidationSupport {

  private final FhirContext ctx;
  private final Map<String, Questionnaire> byUrl = new LinkedHashMap<>();

  QuestionnaireValidationSupport(FhirContext ctx) {
    this.ctx = ctx;
  }

  /** The Questionnaires at the root of a package folder ({@code Questionnaire-*.json}). */
  static QuestionnaireValidationSupport fromFolder(FhirContext ctx, Path folder) {
    QuestionnaireValidationSupport support = new QuestionnaireValidationSupport(ctx);
    for (Questionnaire q : questionnaires(ctx, folder)) {
      support.add(q);
    }
    return support;
  }

  static List<Questionnaire> questionnaires(FhirContext ctx, Path folder) {
    List<Questionnaire> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(p -> p.getFileName().toString().startsWith("Questionnaire-")
          && p.toString().endsWith(".json")).sorted().toList()) {
        out.add(ctx.newJsonParser().parseResource(Questionnaire.class, Files.readString(file)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  void add(Questionnaire q) {
    byUrl.put(q.getUrl(), q);
    if (q.hasVersion()) {
      byUrl.put(q.getUrl() + "|" + q.getVersion(), q);
    }
  }

  @Override
  public FhirContext getFhirContext() {
    return ctx;
  }

  @Override
  public String getName() {
    return "Sluis package Questionnaires";
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T extends IBaseResource> T fetchResource(Class<T> theClass, String theUri) {
    if (theClass != null && !theClass.isAssignableFrom(Questionnaire.class)) {
      return null;
    }
    Questionnaire q = byUrl.get(theUri);
    return (T) q;
  }

  @Override
  public List<IBaseResource> fetchAllConformanceResources() {
    return new ArrayList<>(byUrl.values().stream().distinct().toList());
  }
}
