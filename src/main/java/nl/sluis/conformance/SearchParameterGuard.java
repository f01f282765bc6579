package nl.sluis.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.Optional;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.SearchParameter;

/**
 * Refuses (422) a SearchParameter written through the API that would redefine a built-in one (same base type
 * and code). HAPI 8.8 only activates stored SearchParameters when built-ins may be overridden
 * ({@code JpaStorageSettings#setDefaultSearchParamsCanBeOverridden}); Sluis needs its own, but must not let a
 * client change what e.g. {@code Patient?identifier} means under the disclosure layer's feet. (Configured extra
 * packages are installed past this hook; {@link ConfiguredGuides} leaves such SearchParameters out.)
 */
@Interceptor
public final class SearchParameterGuard {

  private final FhirContext ctx;

  public SearchParameterGuard(FhirContext ctx) {
    this.ctx = ctx;
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void beforeCreate(IBaseResource resource) {
    check(resource);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void beforeUpdate(IBaseResource previous, IBaseResource updated) {
    check(updated);
  }

  private void check(IBaseResource resource) {
    if (!(resource instanceof SearchParameter sp)) {
      return;
    }
    builtInRedefined(ctx, sp).ifPresent(builtIn -> {
      OperationOutcome outcome = new OperationOutcome();
      outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR)
          .setCode(OperationOutcome.IssueType.BUSINESSRULE)
          .setDiagnostics(Messages.text("searchParameter.builtIn", builtIn))
          .addExpression("SearchParameter.code");
      throw new UnprocessableEntityException(ctx, outcome);
    });
  }

  /** The built-in search parameter ({@code Type?code}) this one would redefine, if any. */
  static Optional<String> builtInRedefined(FhirContext ctx, SearchParameter sp) {
    for (CodeType base : sp.getBase()) {
      if (ctx.getResourceTypes().contains(base.getValue())) {
        RuntimeResourceDefinition type = ctx.getResourceDefinition(base.getValue());
        if (type.getSearchParam(sp.getCode()) != null) {
          return Optional.of(base.getValue() + "?" + sp.getCode());
        }
      }
    }
    return Optional.empty();
  }
}
