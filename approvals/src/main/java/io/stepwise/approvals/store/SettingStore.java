package io.stepwise.approvals.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.util.function.Supplier;
import javax.sql.DataSource;

/** Settings the approvals keep in the database ({@code approval_settings}), such as a secret. */
@ApplicationScoped
public class SettingStore {
  private final Jdbc jdbc;

  @Inject
  public SettingStore(DataSource dataSource) {
    this.jdbc = new Jdbc(dataSource);
  }

  /** The stored setting, or {@code generate}'s value stored first by whichever node came first. */
  public String setting(String name, Supplier<String> generate) {
    return jdbc.inTransaction(
        c -> {
          Jdbc.update(
              c,
              "insert into approval_settings (name, value) values (?, ?)"
                  + " on conflict (name) do nothing",
              name,
              generate.get());
          return Jdbc.select(
              c,
              "select value from approval_settings where name = ?",
              ps -> {
                try (ResultSet rs = ps.executeQuery()) {
                  rs.next();
                  return rs.getString(1);
                }
              },
              name);
        });
  }
}
