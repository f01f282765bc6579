package nl.sluis.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;

/** Validator locations inside a QuestionnaireResponse resolved to the linkId of the deepest item. */
class QuestionnaireResponseItemsTest {

  @Test
  void locationsResolveToTheDeepestItem() {
    QuestionnaireResponse r = new QuestionnaireResponse();
    r.addItem().setLinkId("a");
    QuestionnaireResponse.QuestionnaireResponseItemComponent b = r.addItem().setLinkId("b");
    b.addItem().setLinkId("b.1").addAnswer().setValue(new StringType("x")).addItem().setLinkId("b.1.nested");
    assertThat(QuestionnaireResponseItems.linkIdAt(r, "QuestionnaireResponse.item[0]")).contains("a");
    assertThat(QuestionnaireResponseItems.linkIdAt(r, "QuestionnaireResponse.item[1].item[0].answer[0].value.ofType(string)"))
        .contains("b.1");
    assertThat(QuestionnaireResponseItems.linkIdAt(r, "QuestionnaireResponse.item[1].item[0].answer[0].item[0]"))
        .contains("b.1.nested");
    assertThat(QuestionnaireResponseItems.linkIdAt(r, "QuestionnaireResponse.item[7]")).isEmpty();
    assertThat(QuestionnaireResponseItems.linkIdAt(r, "QuestionnaireResponse.subject")).isEmpty();
    assertThat(QuestionnaireResponseItems.linkIdAt(r, null)).isEmpty();
  }
}
