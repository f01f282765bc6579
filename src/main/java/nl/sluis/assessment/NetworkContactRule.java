package nl.sluis.assessment;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import nl.sluis.conformance.GovernedProfiles;
import nl.sluis.disclosure.engine.Age;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;

/**
 * A professional may record a talk with the client's parents or others close to the client
 * ({@code sluis-Communication-NetworkContact}) about a client aged 16 or over <b>on the day of the talk</b> only
 * with an active consent of the client that covers it; otherwise the write is refused with 422 saying so. (The
 * guidance: "Bij cliënten vanaf zestien jaar geldt als hoofdregel dat de cliënt toestemming moet geven om met de
 * ouders over hem of haar te spreken.") A consent covers the talk when: status active; the client is among its
 * performers (from 16 the client alone decides: a parent's consent does not count); its provision is a permit
 * whose period contains the day; and every person talked with is named as an actor with role IRCP (by reference);
 * when the provision names actions, {@code disclose} is one of them. Under 16 no consent is asked here (parents
 * with authority are the client's representatives; the disclosure rules still apply to what they may read).
 */
@Interceptor
public final class NetworkContactRule {

  static final String IRCP = "IRCP";
  private final DaoRegistry daos;
  private final ZoneId zone;

  NetworkContactRule(DaoRegistry daos, ZoneId zone) {
    this.daos = daos;
    this.zone = zone;
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
  public void created(IBaseResource resource) {
    check(resource);
  }

  @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource updated) {
    check(updated);
  }

  private void check(IBaseResource resource) {
    if (!(resource instanceof Communication contact) || !GovernedProfiles.isNetworkContact(contact)
        || contact.getStatus() == Communication.CommunicationStatus.ENTEREDINERROR
        || !contact.hasSent() || !contact.getSubject().hasReference()) {
      return; // the profile reports a missing day or client
    }
    String client = new IdType(contact.getSubject().getReference()).toUnqualifiedVersionless().getValue();
    LocalDate day = ClientBirthDates.dayOf(contact.getSentElement(), zone);
    if (day == null) {
      throw FindingExtraction.unprocessable(Messages.text("networkContact.sentRequired"), "Communication.sent");
    }
    LocalDate birthDate = birthDate(client);
    if (birthDate == null) {
      throw FindingExtraction.unprocessable(Messages.text("networkContact.noBirthDate", client),
          "Communication.subject");
    }
    if (day.isBefore(birthDate) || Age.inYears(birthDate, day) < 16) {
      return;
    }
    Set<String> persons = contact.getRecipient().stream().filter(Reference::hasReference)
        .map(r -> new IdType(r.getReference()).toUnqualifiedVersionless().getValue())
        .collect(Collectors.toCollection(java.util.TreeSet::new));
    List<Consent> consents = activeConsents(client);
    Set<String> uncovered = new java.util.TreeSet<>(persons);
    for (Consent consent : consents) {
      if (byClient(consent, client) && permitsOn(consent, day)) {
        uncovered.removeAll(recipients(consent));
      }
    }
    if (!uncovered.isEmpty()) {
      throw FindingExtraction.unprocessable(Messages.text("networkContact.consentRequired",
          Age.inYears(birthDate, day), day.toString(), String.join(", ", uncovered)), "Communication.recipient");
    }
  }

  private LocalDate birthDate(String client) {
    return ClientBirthDates.of(daos, client);
  }

  private List<Consent> activeConsents(String client) {
    SearchParameterMap map = SearchParameterMap.newSynchronous()
        .add(Consent.SP_PATIENT, new ReferenceParam(client))
        .add(Consent.SP_STATUS, new TokenParam("active"));
    return daos.getResourceDao(Consent.class).search(map, new SystemRequestDetails()).getAllResources().stream()
        .map(Consent.class::cast).toList();
  }

  private static boolean byClient(Consent consent, String client) {
    return consent.getPerformer().stream().anyMatch(p -> p.hasReference()
        && client.equals(new IdType(p.getReference()).toUnqualifiedVersionless().getValue()));
  }

  private static boolean permitsOn(Consent consent, LocalDate day) {
    Consent.ProvisionComponent provision = consent.getProvision();
    if (provision.getType() != Consent.ConsentProvisionType.PERMIT) {
      return false;
    }
    if (provision.getPeriod().hasStart()
        && day.isBefore(firstDay(provision.getPeriod().getStartElement().getValueAsString()))) {
      return false;
    }
    if (provision.getPeriod().hasEnd()
        && day.isAfter(lastDay(provision.getPeriod().getEndElement().getValueAsString()))) {
      return false;
    }
    return provision.getAction().isEmpty() || provision.getAction().stream().anyMatch(a -> a.getCoding().stream()
        .anyMatch(c -> "disclose".equals(c.getCode())));
  }

  /** The first day a FHIR date or dateTime (possibly partial: YYYY, YYYY-MM) can mean. */
  static LocalDate firstDay(String value) {
    return switch (value.length()) {
      case 4 -> LocalDate.of(Integer.parseInt(value), 1, 1);
      case 7 -> LocalDate.parse(value + "-01");
      default -> LocalDate.parse(value.substring(0, 10));
    };
  }

  /** The last day a FHIR date or dateTime (possibly partial) can mean. */
  static LocalDate lastDay(String value) {
    return switch (value.length()) {
      case 4 -> LocalDate.of(Integer.parseInt(value), 12, 31);
      case 7 -> java.time.YearMonth.parse(value).atEndOfMonth();
      default -> LocalDate.parse(value.substring(0, 10));
    };
  }

  private static Set<String> recipients(Consent consent) {
    return consent.getProvision().getActor().stream()
        .filter(a -> a.getRole().getCoding().stream().anyMatch(c -> IRCP.equals(c.getCode())))
        .filter(a -> a.getReference().hasReference())
        .map(a -> new IdType(a.getReference().getReference()).toUnqualifiedVersionless().getValue())
        .collect(Collectors.toSet());
  }
}
