package io.stepwise.worker.poll;

import io.stepwise.worker.TaskHandler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which handler runs the tasks of a resource: the HTTP task by its ARN, Java handlers by function
 * name whether the resource is {@code arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]}, the
 * bare {@code NAME}, or the activity {@code arn:aws:states:REGION:ACCOUNT:activity:NAME}.
 */
public final class HandlerRoutes {

  private static final Pattern FUNCTION_ARN =
      Pattern.compile("arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:([^:]+)(:[^:]+)?");
  private static final Pattern ACTIVITY_ARN =
      Pattern.compile("arn:aws[a-z-]*:states:[^:]*:[^:]*:activity:([^:]+)");

  private final Map<String, TaskHandler> byName;

  /**
   * Creates routes over {@code handlers}.
   *
   * @throws IllegalArgumentException when two handlers share a name
   */
  public HandlerRoutes(Collection<? extends TaskHandler> handlers) {
    Map<String, TaskHandler> names = new LinkedHashMap<>();
    for (TaskHandler handler : handlers) {
      TaskHandler previous = names.putIfAbsent(handler.name(), handler);
      if (previous != null) {
        throw new IllegalArgumentException(
            "two handlers are named '"
                + handler.name()
                + "': "
                + previous.getClass().getName()
                + " and "
                + handler.getClass().getName());
      }
    }
    this.byName = Map.copyOf(names);
  }

  /** Routes over {@code builtIns} plus every {@link TaskHandler} the class loader provides. */
  public static HandlerRoutes load(ClassLoader loader, List<? extends TaskHandler> builtIns) {
    List<TaskHandler> handlers = new ArrayList<>(builtIns);
    ServiceLoader.load(TaskHandler.class, loader).forEach(handlers::add);
    return new HandlerRoutes(handlers);
  }

  /** The handler for tasks of {@code resource}, if this worker has one. */
  public Optional<TaskHandler> forResource(String resource) {
    TaskHandler exact = byName.get(resource);
    if (exact != null) {
      return Optional.of(exact);
    }
    for (Pattern pattern : List.of(FUNCTION_ARN, ACTIVITY_ARN)) {
      Matcher matcher = pattern.matcher(resource);
      if (matcher.matches()) {
        return Optional.ofNullable(byName.get(matcher.group(1)));
      }
    }
    return Optional.empty();
  }

  /** Every handler name, for the default resources to poll. */
  public List<String> names() {
    return byName.keySet().stream().sorted().toList();
  }
}
