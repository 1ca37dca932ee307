package io.stepwise.engine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.asl.StateMachineType;
import io.stepwise.engine.asl.validate.DefinitionValidator;
import io.stepwise.engine.asl.validate.Diagnostic;
import io.stepwise.engine.asl.validate.ValidationResult;
import io.stepwise.engine.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code stepwise validate DEFINITION.json [--type STANDARD|EXPRESS]}: prints what AWS's
 * ValidateStateMachineDefinition answers; exit 0 when valid, 1 when not.
 */
final class ValidateCommand {
  private ValidateCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err)
      throws UsageException, IOException {
    String file = null;
    StateMachineType type = StateMachineType.STANDARD;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--type")) {
        String t = Cli.value(args, ++i, a);
        try {
          type = StateMachineType.valueOf(t.toUpperCase());
        } catch (IllegalArgumentException e) {
          throw new UsageException("--type must be STANDARD or EXPRESS, not " + t);
        }
      } else if (a.startsWith("--")) {
        throw new UsageException("unknown option " + a + " for validate");
      } else if (file == null) {
        file = a;
      } else {
        throw new UsageException("validate takes one definition file");
      }
    }
    if (file == null)
      throw new UsageException(
          "usage: stepwise validate DEFINITION.json [--type STANDARD|EXPRESS]");
    ValidationResult result = DefinitionValidator.validate(DefinitionFiles.readText(file), type);
    out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(response(result)));
    return result.ok() ? 0 : 1;
  }

  static ObjectNode response(ValidationResult result) {
    ObjectNode root = Json.object();
    root.put("result", result.ok() ? "OK" : "FAIL");
    ArrayNode diagnostics = root.putArray("diagnostics");
    for (Diagnostic d : result.diagnostics()) {
      ObjectNode n = diagnostics.addObject();
      n.put("severity", d.severity().name());
      n.put("code", d.code());
      n.put("message", d.message());
      if (d.location() != null) n.put("location", d.location());
    }
    root.put("truncated", false);
    return root;
  }
}
