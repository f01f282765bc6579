package nl.sluis.server;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.Test;

/** The issue code says what the status says, unless someone chose a more specific one. */
class IssueCodeTest {

  @Test
  void hapisCatchAllCodeBecomesTheStatusCode() {
    assertThat(codeOf(new ResourceNotFoundException("Resource Patient/x is not known"))).isEqualTo(IssueType.NOTFOUND);
    assertThat(codeOf(new ForbiddenOperationException("History is not available"))).isEqualTo(IssueType.FORBIDDEN);
    assertThat(codeOf(new InvalidRequestException("Unknown search parameter"))).isEqualTo(IssueType.INVALID);
    assertThat(codeOf(new PreconditionFailedException("several matches"))).isEqualTo(IssueType.CONFLICT);
  }

  @Test
  void chosenCodesAndContentRulesStay() {
    OperationOutcome chosen = new OperationOutcome();
    chosen.addIssue().setSeverity(OperationOutcome.IssueSeverity.ERROR).setCode(IssueType.REQUIRED);
    InvalidRequestException required = new InvalidRequestException("missing", chosen);
    assertThat(codeOf(required)).isEqualTo(IssueType.REQUIRED);
    assertThat(codeOf(new UnprocessableEntityException("a consent needs a weighing"))).isNull();
  }

  private static IssueType codeOf(BaseServerResponseException thrown) {
    BaseServerResponseException answer = SafeErrorInterceptor.withSpecificIssueCode(thrown);
    return answer.getOperationOutcome() == null ? null
        : ((OperationOutcome) answer.getOperationOutcome()).getIssueFirstRep().getCode();
  }
}
