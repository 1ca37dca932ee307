package io.stepwise.approvals;

import io.stepwise.approvals.decision.ApprovalEnd;
import io.stepwise.approvals.mail.MailOutbox;
import io.stepwise.approvals.store.ApprovalRecord;
import io.stepwise.approvals.store.ApprovalStatus;
import io.stepwise.approvals.store.ApprovalStore;
import io.stepwise.approvals.store.LinkRecord;
import io.stepwise.engine.service.BuiltInTaskHandler;
import io.stepwise.engine.service.DispatchedTask;
import io.stepwise.engine.service.ExecutionStarts;
import io.stepwise.engine.service.ServiceException;
import io.stepwise.engine.service.TaskTokenService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The built-in task {@value #RESOURCE}: stores the approval with one link per recipient and choice,
 * and queues its mails. Idempotent per task token: a repeated dispatch finds the stored approval
 * and does nothing, so nobody is mailed twice. The task ends when someone decides, when the links
 * expire, or when the server withdraws it.
 */
@ApplicationScoped
public class ApprovalTaskHandler implements BuiltInTaskHandler {
  public static final String RESOURCE = "arn:aws:states:::stepwise:approval.waitForTaskToken";

  private static final Logger LOG = Logger.getLogger(ApprovalTaskHandler.class);

  private final ApprovalStore store;
  private final MailOutbox outbox;
  private final ApprovalEnd end;
  private final TaskTokenService tokens;
  private final InstantSource clock;
  private final ApprovalsConfig config;
  private final Instance<ExecutionStarts> starts;

  @Inject
  public ApprovalTaskHandler(
      ApprovalStore store,
      MailOutbox outbox,
      ApprovalEnd end,
      TaskTokenService tokens,
      InstantSource clock,
      ApprovalsConfig config,
      Instance<ExecutionStarts> starts) {
    this.starts = starts;
    this.store = store;
    this.outbox = outbox;
    this.end = end;
    this.tokens = tokens;
    this.clock = clock;
    this.config = config;
  }

  @Override
  public boolean handles(String resource) {
    return RESOURCE.equals(resource);
  }

  @Override
  public void dispatched(DispatchedTask task) {
    if (store.approvalForToken(task.taskToken()).isPresent()) return;
    ApprovalParameters p;
    try {
      p =
          ApprovalParameters.parse(
              task.input(), task.stateName(), task.timeoutSeconds(), config.defaultExpiry());
    } catch (InvalidApprovalParameters e) {
      failQuietly(task.taskToken(), e.getMessage());
      return;
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Instant expiresAt = now.plus(p.expiresIn());
    UUID id = UUID.randomUUID();
    List<LinkRecord> links = new ArrayList<>();
    for (String recipient : p.to()) {
      for (String choice : p.choices()) {
        links.add(new LinkRecord(UUID.randomUUID(), id, recipient, choice, expiresAt, null));
      }
    }
    ApprovalRecord approval =
        new ApprovalRecord(
            id,
            task.taskToken(),
            task.executionArn(),
            task.stateMachineArn(),
            task.stateName(),
            p.subject(),
            p.message(),
            p.choices(),
            p.failOn(),
            p.to(),
            p.groups(),
            p.allowComment(),
            p.requireSignIn(),
            now,
            expiresAt,
            ApprovalStatus.PENDING,
            null,
            null,
            null,
            null,
            null,
            null,
            p.policy(),
            starter(task.executionArn()),
            0,
            0);
    if (store.create(approval, links)) {
      LOG.infof(
          "Approval %s for %s (state %s) to %d recipient(s)",
          id, task.executionArn(), task.stateName(), p.to().size());
      outbox.wake();
    }
  }

  /** Who started the execution, when the server records it (none in a bare engine). */
  private List<String> starter(String executionArn) {
    if (!starts.isResolvable()) return List.of();
    return List.copyOf(starts.get().startedBy(executionArn));
  }

  @Override
  public void cancelled(String taskToken) {
    end.withdrawn(taskToken);
  }

  private void failQuietly(String taskToken, String message) {
    try {
      tokens.fail(taskToken, InvalidApprovalParameters.ERROR, message);
    } catch (ServiceException e) {
      // A repeated dispatch of a task already failed: nothing more to do.
      LOG.debugf("Approval task already ended: %s", e.getMessage());
    }
  }
}
