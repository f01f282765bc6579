package nl.sluis.assessment;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.server.storage.TransactionDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.time.Period;
import java.time.ZoneId;
import java.util.Date;
import java.util.Optional;
import nl.sluis.conformance.GovernedProfiles;
import nl.sluis.server.language.Messages;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;

/**
 * Keeps the inform-the-client tasks with the records that call for them, <b>in the same database transaction</b>
 * (HAPI's pre-commit hook, as automatic extraction does): storing a network contact or an active legal ground
 * stores its task too, or neither is stored; nothing acknowledged is lost. One task per record: a record that
 * already has a task (found by {@code Task?focus=}) gets no second one when it is updated. A client-informed
 * Communication whose {@code basedOn} names the task completes it (status {@code completed}, {@code output} the
 * Communication); naming a task that is not this client's inform-the-client task is refused (422). A contact or
 * ground marked entered-in-error cancels its open task (reason {@code recorded-in-error}). Runs as the
 * system: the requester was allowed to write the record; the task is the server's consequence of it.
 */
@Interceptor
public final class InformClientInterceptor {

  private static final String RESOURCE_TYPES = "http://hl7.org/fhir/resource-types";
  private final DaoRegistry daos;
  private final Period within;
  private final ZoneId zone;

  InformClientInterceptor(DaoRegistry daos, Period within, ZoneId zone) {
    this.daos = daos;
    this.within = within;
    this.zone = zone;
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_CREATED)
  public void created(IBaseResource resource, TransactionDetails details) {
    stored(resource, details);
  }

  @Hook(Pointcut.STORAGE_PRECOMMIT_RESOURCE_UPDATED)
  public void updated(IBaseResource previous, IBaseResource updated, TransactionDetails details) {
    stored(updated, details);
  }

  private void stored(IBaseResource resource, TransactionDetails details) {
    if (!(resource instanceof DomainResource record) || !resource.getIdElement().hasIdPart()) {
      return;
    }
    String reference = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    if (record instanceof Communication informed && GovernedProfiles.isClientInformed(informed)) {
      complete(informed, reference, details);
      return;
    }
    if (InformClientTask.isEnteredInError(record)) {
      cancelOpenTasks(reference, details);
      return;
    }
    Optional<Task> wanted = InformClientTask.forRecord(record, reference, within, zone, new Date());
    if (wanted.isPresent() && tasksAbout(reference).isEmpty()) {
      tasks().create(wanted.get(), null, true, new SystemRequestDetails(), details);
    }
  }

  private java.util.List<Task> tasksAbout(String focus) {
    SearchParameterMap map = SearchParameterMap.newSynchronous().add(Task.SP_FOCUS, new ReferenceParam(focus));
    return tasks().search(map, new SystemRequestDetails()).getAllResources().stream()
        .map(Task.class::cast).filter(InformClientTask::isInformClient).toList();
  }

  /** A contact or ground recorded in error approached nobody: its open task is closed, saying so. */
  private void cancelOpenTasks(String focus, TransactionDetails details) {
    for (Task task : tasksAbout(focus)) {
      if (isClosed(task)) {
        continue;
      }
      task.setStatus(Task.TaskStatus.CANCELLED).setLastModified(new Date());
      task.setStatusReason(new CodeableConcept(new Coding(InformClientTask.NOT_DONE_REASON, "recorded-in-error",
          "Registratie foutief")).setText("De registratie waarop deze taak berust is als foutief gemarkeerd."));
      task.getMeta().setVersionId(null).setLastUpdated(null);
      tasks().update(task, null, true, false, new SystemRequestDetails(), details);
    }
  }

  private static boolean isClosed(Task task) {
    return task.getStatus() == Task.TaskStatus.COMPLETED || task.getStatus() == Task.TaskStatus.CANCELLED
        || task.getStatus() == Task.TaskStatus.ENTEREDINERROR;
  }

  private void complete(Communication informed, String reference, TransactionDetails details) {
    if (informed.getStatus() == Communication.CommunicationStatus.ENTEREDINERROR) {
      return;
    }
    for (Reference basedOn : informed.getBasedOn()) {
      if (!basedOn.hasReference() || !basedOn.getReference().startsWith("Task/")) {
        continue;
      }
      Task task = read(basedOn.getReference())
          .filter(t -> InformClientTask.isInformClient(t) && sameClient(t, informed))
          .orElseThrow(() -> FindingExtraction.unprocessable(
              Messages.text("assessment.basedOnNotInformTask", basedOn.getReference()), "Communication.basedOn"));
      if (isClosed(task)) {
        continue; // closed already: telling the client again changes nothing
      }
      task.setStatus(Task.TaskStatus.COMPLETED).setLastModified(new Date());
      task.addOutput().setType(new CodeableConcept(new Coding(RESOURCE_TYPES, "Communication", "Communication")))
          .setValue(new Reference(reference));
      task.getMeta().setVersionId(null).setLastUpdated(null);
      tasks().update(task, null, true, false, new SystemRequestDetails(), details);
    }
  }

  private static boolean sameClient(Task task, Communication informed) {
    String client = informed.getSubject().getReference();
    return client != null && task.getFor().hasReference()
        && new IdType(client).toUnqualifiedVersionless().getValue()
            .equals(new IdType(task.getFor().getReference()).toUnqualifiedVersionless().getValue());
  }

  private Optional<Task> read(String reference) {
    try {
      return Optional.of(tasks().read(new IdType(reference).toUnqualifiedVersionless(), new SystemRequestDetails()));
    } catch (ResourceNotFoundException | ResourceGoneException e) {
      return Optional.empty();
    }
  }

  private IFhirResourceDao<Task> tasks() {
    return daos.getResourceDao(Task.class);
  }
}
