package io.stepwise.web.activity;

import java.time.Duration;
import java.util.List;

/**
 * Extension point: the activities and other task resources the page's caller may see, with their
 * open tasks and the workers heard polling them (the server's {@code pages.PageTaskResources});
 * without one the activities page lists nothing.
 */
public interface TaskResources {
  /**
   * Activities by name, then the other resources with open tasks; workers heard within {@code
   * recent}.
   */
  List<TaskResource> visible(Duration recent);
}
