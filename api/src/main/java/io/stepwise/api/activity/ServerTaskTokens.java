package io.stepwise.api.activity;

import io.stepwise.api.caller.Caller;
import io.stepwise.engine.service.TaskTokenService;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The {@link TaskTokenService} of callers inside the server: approvals (after their own checks of
 * who decides, through a link or the inbox) and built-in task handlers. They answer as the server
 * itself, through the same {@link Tasks} service as SendTaskSuccess, SendTaskFailure and
 * SendTaskHeartbeat; refusals are {@code ServiceException}s with AWS's names.
 */
@ApplicationScoped
public class ServerTaskTokens implements TaskTokenService {
  private final Tasks tasks;

  public ServerTaskTokens(Tasks tasks) {
    this.tasks = tasks;
  }

  @Override
  public void succeed(String taskToken, String output) {
    tasks.succeed(Caller.SYSTEM, taskToken, output);
  }

  @Override
  public void fail(String taskToken, String error, String cause) {
    tasks.fail(Caller.SYSTEM, taskToken, error, cause);
  }

  @Override
  public void heartbeat(String taskToken) {
    tasks.heartbeat(Caller.SYSTEM, taskToken);
  }
}
