package io.stepwise.web.statemachine;

import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.StateMachineDetail;
import io.stepwise.engine.service.StateMachineService;
import io.stepwise.engine.service.StateMachineSummary;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * State machines by name, for the UI's name-based URLs and pickers. The service knows machines by
 * ARN, and an ARN's region and account belong to the deployment, so names are found by listing.
 */
@ApplicationScoped
public class StateMachineCatalog {
  /** Pickers list at most this many machines. */
  static final int MAX = 1000;

  private final StateMachineService machines;

  public StateMachineCatalog(StateMachineService machines) {
    this.machines = machines;
  }

  /** Every state machine by name, up to {@value #MAX}. */
  public List<StateMachineSummary> all() {
    List<StateMachineSummary> all = new ArrayList<>();
    String token = null;
    do {
      Page<StateMachineSummary> page = machines.list(100, token);
      all.addAll(page.items());
      token = page.nextToken();
    } while (token != null && all.size() < MAX);
    return all;
  }

  public Optional<StateMachineSummary> find(String name) {
    if (name == null || name.isBlank()) return Optional.empty();
    String token = null;
    do {
      Page<StateMachineSummary> page = machines.list(100, token);
      for (StateMachineSummary s : page.items()) if (s.name().equals(name)) return Optional.of(s);
      token = page.nextToken();
    } while (token != null);
    return Optional.empty();
  }

  /**
   * The ARN a list filter by machine name uses: null for no filter, and for a name that names no
   * machine the caller sees, an ARN that matches nothing.
   */
  public String filterArn(String name) {
    if (name == null || name.isBlank()) return null;
    return find(name).map(StateMachineSummary::arn).orElse(NO_MACHINE);
  }

  /** Not an ARN: the services refuse it, and a list filtered by it shows nothing. */
  public static final String NO_MACHINE = "-none-";

  /** The machine of that name, or a 404. */
  public StateMachineDetail byName(String name) {
    return find(name)
        .flatMap(s -> machines.describe(s.arn()))
        .orElseThrow(() -> new NotFoundException("No state machine " + name));
  }
}
