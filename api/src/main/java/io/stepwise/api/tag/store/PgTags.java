package io.stepwise.api.tag.store;

import io.smallrye.mutiny.Uni;
import io.stepwise.api.tag.Tag;
import io.stepwise.server.persistence.Entities;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Tags of state machines and activities in the {@code tags} table, as entities. */
@ApplicationScoped
public class PgTags {

  /** Adds the tags, replacing the values of keys the resource has; all or none. */
  public void put(String resourceArn, List<Tag> tags) {
    Entities.inTransaction(
        () -> {
          Uni<Void> chain = Uni.createFrom().voidItem();
          for (Tag tag : tags) chain = chain.chain(() -> put(resourceArn, tag));
          return chain;
        });
  }

  private static Uni<Void> put(String resourceArn, Tag tag) {
    return TagEntity.<TagEntity>findById(new TagEntity.Key(resourceArn, tag.key()))
        .chain(
            found -> {
              if (found != null) {
                found.tagValue = tag.value();
                return Uni.createFrom().voidItem();
              }
              TagEntity row = new TagEntity();
              row.resourceArn = resourceArn;
              row.tagKey = tag.key();
              row.tagValue = tag.value();
              return row.persist().replaceWithVoid();
            });
  }

  public void remove(String resourceArn, Iterable<String> keys) {
    List<String> list = new ArrayList<>();
    keys.forEach(list::add);
    if (list.isEmpty()) return;
    Entities.inTransaction(
        () -> TagEntity.delete("resourceArn = ?1 and tagKey in ?2", resourceArn, list));
  }

  public void deleteAll(String resourceArn) {
    Entities.inTransaction(() -> TagEntity.delete("resourceArn", resourceArn));
  }

  /** The resource's tags, by key. */
  public List<Tag> of(String resourceArn) {
    List<TagEntity> rows =
        Entities.read(() -> TagEntity.list("resourceArn = ?1 order by tagKey", resourceArn));
    List<Tag> out = new ArrayList<>();
    for (TagEntity row : rows) out.add(new Tag(row.tagKey, row.tagValue));
    return out;
  }
}
