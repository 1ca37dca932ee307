package io.stepwise.approvals;

import io.stepwise.engine.service.ServiceException;
import io.stepwise.engine.service.TaskTokenService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The server's task-token service as the tests play it: records every call, answers like AWS (a
 * token resolves once; later calls get TaskDoesNotExist), and can be told a task is gone.
 */
@ApplicationScoped
public class RecordingTaskTokens implements TaskTokenService {
  /** One call: kind is succeed, fail or heartbeat. */
  public record Call(String kind, String taskToken, String output, String error, String cause) {}

  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Set<String> ended = ConcurrentHashMap.newKeySet();

  public List<Call> calls(String taskToken) {
    return calls.stream().filter(c -> c.taskToken().equals(taskToken)).toList();
  }

  /** The task ends elsewhere (execution stopped, timed out): later calls are refused. */
  public void gone(String taskToken) {
    ended.add(taskToken);
  }

  @Override
  public void succeed(String taskToken, String output) {
    resolve(taskToken);
    calls.add(new Call("succeed", taskToken, output, null, null));
  }

  @Override
  public void fail(String taskToken, String error, String cause) {
    resolve(taskToken);
    calls.add(new Call("fail", taskToken, null, error, cause));
  }

  @Override
  public void heartbeat(String taskToken) {
    calls.add(new Call("heartbeat", taskToken, null, null, null));
  }

  private void resolve(String taskToken) {
    if (!ended.add(taskToken)) {
      throw new ServiceException("TaskDoesNotExist", "Task does not exist anymore");
    }
  }
}
