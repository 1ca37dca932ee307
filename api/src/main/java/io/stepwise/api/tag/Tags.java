package io.stepwise.api.tag;

import io.stepwise.api.arn.Arn;
import io.stepwise.api.arn.Arns;
import io.stepwise.api.authorization.Authorizer;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Permission;
import io.stepwise.api.tag.store.PgTags;
import io.stepwise.engine.service.ServiceException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Tags of state machines and activities: TagResource, UntagResource, ListTagsForResource. The
 * resource is authorized as the state machine or activity it is (editing needs the editor role on
 * it, listing the viewer role) before it is looked up.
 */
@ApplicationScoped
public class Tags {
  /** AWS's limit of tags on one resource. */
  static final int MAX_TAGS = 50;

  private final PgTags tags;
  private final Instance<Taggable> catalogs;
  private final Arns arns;
  private final Authorizer authorizer;

  public Tags(PgTags tags, Instance<Taggable> catalogs, Arns arns, Authorizer authorizer) {
    this.tags = tags;
    this.catalogs = catalogs;
    this.arns = arns;
    this.authorizer = authorizer;
  }

  /** Adds or replaces tags; TooManyTags (nothing changed) past 50 on the resource. */
  public void tag(Caller caller, String resourceArn, List<Tag> added) {
    Arn arn = existing(caller, "TagResource", Permission.EDIT, resourceArn);
    Set<String> keys = new HashSet<>();
    tags.of(arn.toString()).forEach(t -> keys.add(t.key()));
    added.forEach(t -> keys.add(t.key()));
    if (keys.size() > MAX_TAGS) {
      throw new ServiceException("TooManyTags", "Too many tags: at most 50 per resource");
    }
    tags.put(arn.toString(), added);
  }

  public void untag(Caller caller, String resourceArn, List<String> keys) {
    Arn arn = existing(caller, "UntagResource", Permission.EDIT, resourceArn);
    tags.remove(arn.toString(), keys);
  }

  public List<Tag> list(Caller caller, String resourceArn) {
    return tags.of(
        existing(caller, "ListTagsForResource", Permission.VIEW, resourceArn).toString());
  }

  /** The state machine or activity, authorized, or ResourceNotFound. */
  private Arn existing(Caller caller, String action, Permission permission, String text) {
    Arn arn = arns.require(text, Arn.Kind.STATE_MACHINE, Arn.Kind.ACTIVITY);
    authorizer.require(caller, action, permission, arn);
    boolean found =
        catalogs.stream().anyMatch(c -> c.kind() == arn.kind() && c.exists(arn.toString()));
    if (!found)
      throw new ServiceException("ResourceNotFound", "Resource not found: '" + text + "'");
    return arn;
  }
}
