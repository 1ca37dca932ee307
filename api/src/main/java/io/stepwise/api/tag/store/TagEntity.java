package io.stepwise.api.tag.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;

/** A row of {@code tags}; never leaves this package ({@link io.stepwise.api.tag.Tag} does). */
@Entity
@Table(name = "tags")
@IdClass(TagEntity.Key.class)
class TagEntity extends PanacheEntityBase {
  @Id
  @Column(name = "resource_arn")
  String resourceArn;

  @Id
  @Column(name = "key")
  String tagKey;

  @Column(name = "value")
  String tagValue;

  /** The primary key: one value per key and resource. */
  record Key(String resourceArn, String tagKey) implements Serializable {}
}
