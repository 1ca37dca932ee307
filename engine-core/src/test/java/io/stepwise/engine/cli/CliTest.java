package io.stepwise.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's exit codes and one-line errors. */
class CliTest {
  @TempDir Path dir;

  private record Outcome(int code, String out, String err) {}

  private static Outcome cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Cli.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private String file(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    return p.toString();
  }

  @Test
  void runPrintsTheOutputAndExitsZero() throws Exception {
    String def =
        file(
            "ok.json",
            "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":{\"a\":1},\"End\":true}}}");
    Outcome o = cli("run", def);
    assertThat(o.code()).isZero();
    assertThat(o.out().trim()).isEqualTo("{\"a\":1}");
  }

  @Test
  void aFailedExecutionExitsOneWithErrorAndCauseOnStderr() throws Exception {
    String def =
        file(
            "fail.json",
            "{\"StartAt\":\"F\",\"States\":{\"F\":{\"Type\":\"Fail\",\"Error\":\"E\",\"Cause\":\"C\"}}}");
    Outcome o = cli("run", def);
    assertThat(o.code()).isEqualTo(1);
    assertThat(o.err()).contains("FAILED: E: C");
  }

  @Test
  void anInvalidDefinitionNamesTheStateAndFieldAndExitsTwo() throws Exception {
    String def =
        file(
            "bad.json",
            "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"B\"}}}");
    Outcome o = cli("run", def);
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("/States/A/Next").doesNotContain("Exception");
  }

  @Test
  void malformedJsonSaysWhereAndExitsTwo() throws Exception {
    Outcome o = cli("run", file("broken.json", "{\"StartAt\": "));
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("broken.json is not valid JSON").contains("line 1");
  }

  @Test
  void aTaskWithoutMocksIsABadInputNotACrash() throws Exception {
    String def =
        file(
            "task.json",
            "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:lambda:us-east-1:123456789012:function:f\",\"End\":true}}}");
    Outcome o = cli("run", def);
    assertThat(o.code()).isEqualTo(2);
    assertThat(o.err()).contains("no mocked result for Task state 'T'");
  }

  @Test
  void unknownOptionsAndCommandsExitTwo() {
    assertThat(cli("run", "x.json", "--bogus").code()).isEqualTo(2);
    assertThat(cli("fly").code()).isEqualTo(2);
  }

  @Test
  void validatePrintsAwsDiagnostics() throws Exception {
    Outcome ok =
        cli(
            "validate",
            file(
                "v.json",
                "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}"));
    assertThat(ok.code()).isZero();
    assertThat(ok.out()).contains("\"result\" : \"OK\"");
    Outcome bad = cli("validate", file("w.json", "{\"States\":{}}"));
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.out()).contains("SCHEMA_VALIDATION_FAILED");
  }

  @Test
  void conformanceRunsAnyFolderOfCasesAndCountsThem() throws Exception {
    Path cases = Files.createDirectories(dir.resolve("mine/pass"));
    Files.writeString(
        cases.resolve("one.json"),
        """
        {"name":"one","category":"pass","definition":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
         "input":{"x":1},"expect":{"status":"SUCCEEDED","output":{"x":2}}}""");
    Path report = dir.resolve("report.json");
    Outcome o = cli("conformance", dir.resolve("mine").toString(), "--report", report.toString());
    assertThat(o.code()).isEqualTo(1);
    assertThat(o.out()).contains("FAIL pass/one.json").contains("0 passed, 1 failed");
    assertThat(Files.readString(report)).contains("\"passed\" : false");
  }

  @Test
  void exportThenReplayAgreesAndAChangedDefinitionDiverges() throws Exception {
    String def =
        file(
            "p.json",
            "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":1,\"End\":true}}}");
    String export = dir.resolve("run.json").toString();
    assertThat(cli("run", def, "--export", export).code()).isZero();
    Outcome same = cli("replay", export);
    assertThat(same.code()).isZero();
    assertThat(same.out()).startsWith("agree");
    String changed =
        file(
            "q.json",
            "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"Result\":2,\"End\":true}}}");
    Outcome other = cli("replay", export, "--definition", changed);
    assertThat(other.code()).isEqualTo(1);
    assertThat(other.out())
        .contains("diverge")
        .contains("(PassStateExited 'P'): output was 1, the new definition gives 2");
    assertThat(cli("run", export).out().trim()).isEqualTo("1");
  }
}
