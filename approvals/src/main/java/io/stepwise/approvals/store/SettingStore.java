package io.stepwise.approvals.store;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/** Settings the approvals keep in the database ({@code approval_settings}), such as a secret. */
@ApplicationScoped
public class SettingStore {
  /** The stored setting, or {@code generate}'s value stored first by whichever node came first. */
  public String setting(String name, Supplier<String> generate) {
    try {
      return Transactions.inTransaction(
          () ->
              SettingEntity.<SettingEntity>findById(name)
                  .chain(
                      found -> {
                        if (found != null) return Uni.createFrom().item(found.value);
                        SettingEntity e = new SettingEntity();
                        e.name = name;
                        e.value = generate.get();
                        return e.persist().replaceWith(e.value);
                      }));
    } catch (RuntimeException e) {
      // Another node stored it between the read and the insert: theirs stands.
      String stored =
          Transactions.reading(
              () ->
                  SettingEntity.<SettingEntity>findById(name).map(s -> s == null ? null : s.value));
      if (stored == null) throw e;
      return stored;
    }
  }
}
