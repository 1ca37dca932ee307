package io.stepwise.approvals.store;

import io.stepwise.server.persistence.Entities;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;

/** Settings the approvals keep in the database ({@code approval_settings}), such as a secret. */
@ApplicationScoped
public class SettingStore {

  /** The stored setting, or {@code generate}'s value stored first by whichever node came first. */
  public String setting(String name, Supplier<String> generate) {
    SettingEntity stored = Entities.read(() -> SettingEntity.<SettingEntity>findById(name));
    if (stored != null) return stored.value;
    SettingEntity row = new SettingEntity();
    row.name = name;
    row.value = generate.get();
    try {
      Entities.inTransaction(() -> row.persist().replaceWithVoid());
      return row.value;
    } catch (RuntimeException e) {
      // Another node stored it between the read and the insert: theirs stands.
      SettingEntity theirs = Entities.read(() -> SettingEntity.<SettingEntity>findById(name));
      if (theirs == null) throw e;
      return theirs.value;
    }
  }
}
