package io.stepwise.api.tag;

import io.stepwise.api.arn.Arn;

/**
 * A kind of resource that carries tags (state machines, activities), as {@link Tags} needs to know
 * it: implemented by its catalog, so the tag service depends on no catalog.
 */
public interface Taggable {
  /** The kind of ARN this catalog holds. */
  Arn.Kind kind();

  /** Whether a resource with that ARN exists. */
  boolean exists(String arn);
}
