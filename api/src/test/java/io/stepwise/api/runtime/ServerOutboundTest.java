package io.stepwise.api.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stepwise.engine.outbound.OutboundPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each team's object store is its own folder, whatever its name; no team reaches another's. */
class ServerOutboundTest {
  @TempDir Path store;

  @Test
  void teamNamesNeverNameAnotherFolder() {
    for (String team : List.of("..", ".", "a/b", "a/../..", "team-a")) {
      Path folder = ServerOutbound.teamStore(store, team);
      assertThat(folder.normalize().getParent()).as(team).isEqualTo(store.resolve("teams"));
    }
  }

  @Test
  void aTeamReadsOnlyItsOwnObjects() throws Exception {
    ServerOutbound outbound =
        new ServerOutbound(store.toString(), Optional.empty(), Optional.empty());
    Path bobs = ServerOutbound.teamStore(store, "team-b").resolve("bucket");
    Files.createDirectories(bobs);
    Files.writeString(bobs.resolve("secret.json"), "{}");

    OutboundPolicy b = outbound.policyFor(Optional.of("team-b"));
    OutboundPolicy a = outbound.policyFor(Optional.of("team-a"));
    assertThat(b.objectToRead("bucket", "secret.json")).exists();
    assertThatThrownBy(() -> a.objectToRead("bucket", "secret.json"))
        .hasMessageContaining("no such object");
    assertThatThrownBy(() -> a.objectToRead("../team-b/bucket", "secret.json"))
        .hasMessageContaining("outside the object store");
  }
}
