package io.stepwise.api.security;

import io.stepwise.engine.service.Page;
import io.stepwise.engine.service.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the service decorators ask of the {@link Authorizer} for the request's {@link
 * CurrentCaller}: whether to filter at all, what the caller may see, and a refusal as a {@link
 * ServiceException} for changes. Outside a page request (the runtime, approvals' own background
 * work, security off) there is no caller and nothing is filtered: the path guard and the API guard
 * have already decided who gets that far.
 */
@ApplicationScoped
class TeamScope {
  /** Whole pages read at most per list call while a filtered page comes out empty. */
  static final int MAX_PAGES = 10;

  private final Authorizer authorizer;
  private final ResourceTeams teams;

  TeamScope(Authorizer authorizer, ResourceTeams teams) {
    this.authorizer = authorizer;
    this.teams = teams;
  }

  /** The caller whose view is limited: empty for no caller (system) and for admins. */
  Optional<Caller> limited() {
    return CurrentCaller.get().filter(c -> !c.isAdmin());
  }

  boolean visible(String arn) {
    return limited().map(c -> authorizer.canSee(c, arn)).orElse(true);
  }

  /** Refuses the change unless the caller (if any) may do it; refusals are audited. */
  void require(String action, Permission permission, String arn) {
    Optional<Caller> caller = CurrentCaller.get();
    if (caller.isEmpty()) return;
    Authorizer.Decision d = authorizer.check(caller.get(), action, permission, arn);
    if (!d.allowed()) throw new ServiceException("AccessDeniedException", d.reason());
  }

  /**
   * The team a new state machine belongs to, checked; null when there is no caller or for an
   * admin's own resource.
   */
  String teamForNew(String action) {
    Optional<Caller> caller = CurrentCaller.get();
    if (caller.isEmpty()) return null;
    require(action, Permission.EDIT, null);
    Authorizer.NewOwner owner = authorizer.teamForNew(caller.get(), Optional.empty());
    if (!owner.decision().allowed()) {
      throw new ServiceException("AccessDeniedException", owner.decision().reason());
    }
    return owner.team();
  }

  void assign(String arn, String team) {
    if (team == null) return;
    teams.assign(arn, team, CurrentCaller.get().map(Caller::name).orElse("system"));
  }

  /**
   * A page of what the caller may see: pages are read from {@code read} and filtered; while that
   * leaves nothing and there are more pages, the next is read too (at most {@value #MAX_PAGES}), so
   * a team's list is not a run of empty pages.
   */
  <T> Page<T> filter(String firstToken, Function<String, Page<T>> read, Function<T, String> arnOf) {
    Optional<Caller> caller = limited();
    if (caller.isEmpty()) return read.apply(firstToken);
    Predicate<T> visible = item -> authorizer.canSee(caller.get(), arnOf.apply(item));
    List<T> items = new ArrayList<>();
    String token = firstToken;
    for (int i = 0; i < MAX_PAGES; i++) {
      Page<T> page = read.apply(token);
      page.items().stream().filter(visible).forEach(items::add);
      token = page.nextToken();
      if (!items.isEmpty() || token == null) break;
    }
    return new Page<>(List.copyOf(items), token);
  }
}
