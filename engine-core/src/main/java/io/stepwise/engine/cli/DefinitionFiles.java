package io.stepwise.engine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.engine.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the files and JSON arguments the CLI is given, with one-line errors naming them. */
final class DefinitionFiles {
  private DefinitionFiles() {}

  static String readText(String file) throws UsageException {
    try {
      return Files.readString(Path.of(file));
    } catch (NoSuchFileException e) {
      throw new UsageException("cannot read " + file + ": no such file");
    } catch (IOException e) {
      throw new UsageException("cannot read " + file + ": " + e.getMessage());
    }
  }

  static JsonNode readJson(String file) throws UsageException {
    return parse(readText(file), file);
  }

  /** {@code --input JSON} or {@code --input @file.json}. */
  static JsonNode jsonArgument(String value, String option) throws UsageException {
    if (value.startsWith("@")) return readJson(value.substring(1));
    return parse(value, option);
  }

  static JsonNode parse(String text, String where) throws UsageException {
    try {
      return Json.parse(text);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new UsageException(
          where
              + " is not valid JSON"
              + (loc == null
                  ? ""
                  : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")")
              + ": "
              + e.getOriginalMessage());
    }
  }
}
