package io.stepwise.engine.runtime.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.outbound.OutboundPolicy;
import io.stepwise.engine.outbound.OutboundRefused;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a Map Run's results as its ResultWriter says, in AWS's layout: a folder per Map Run with
 * {@code SUCCEEDED_0.json} (or {@code .jsonl}) and a {@code manifest.json}. The folder is {@code
 * <object store>/<Bucket>/<Prefix>/<map run id>/}, or under a {@code file:} {@code Url}, as the
 * {@link OutboundPolicy} allows. The answer is the ResultWriterDetails ({@code Bucket}, {@code Key}
 * of the manifest).
 */
public final class ResultSink {
  private final OutboundPolicy outbound;

  public ResultSink(OutboundPolicy outbound) {
    this.outbound = outbound;
  }

  /** Writing failed: the Map fails with States.ResultWriterFailed and this cause. */
  public static final class ResultWriterException extends Exception {
    public ResultWriterException(String message) {
      super(message, null, false, false);
    }
  }

  public JsonNode write(JsonNode writer, String mapRunArn, JsonNode results)
      throws ResultWriterException {
    JsonNode parameters = writer.path("Parameters");
    JsonNode config = writer.path("WriterConfig");
    String runId = mapRunArn.substring(mapRunArn.lastIndexOf(':') + 1);
    String bucket = parameters.path("Bucket").asText(null);
    String prefix = parameters.path("Prefix").asText("");
    Path folder;
    String target;
    try {
      if (parameters.has("Url")) {
        target = parameters.get("Url").asText();
        if (!target.startsWith("file:")) {
          throw new ResultWriterException(
              target
                  + " is out of reach: a ResultWriter writes to the object store or a file: URL");
        }
        folder = outbound.folderToWrite(target).resolve(runId);
        bucket = "";
      } else if (bucket != null) {
        target = "s3://" + bucket + "/" + prefix;
        folder = outbound.objectFolder(bucket, prefix).resolve(runId);
      } else {
        throw new ResultWriterException("the ResultWriter needs Parameters.Bucket or Url");
      }
    } catch (OutboundRefused e) {
      throw new ResultWriterException(e.getMessage());
    }
    boolean jsonl = "JSONL".equals(config.path("OutputType").asText("JSON"));
    String transformation = config.path("Transformation").asText("NONE");
    ArrayNode records = Json.NODES.arrayNode();
    for (JsonNode output : results) {
      if ("FLATTEN".equals(transformation)) {
        if (output.isArray()) records.addAll((ArrayNode) output);
        else records.add(output);
      } else if ("COMPACT".equals(transformation)) {
        records.addObject().set("Output", output);
      } else {
        ObjectNode record = records.addObject();
        record.put("Status", "SUCCEEDED");
        record.put("Output", Json.write(output));
      }
    }
    try {
      Files.createDirectories(folder);
      String name = jsonl ? "SUCCEEDED_0.jsonl" : "SUCCEEDED_0.json";
      StringBuilder text = new StringBuilder();
      if (jsonl) for (JsonNode r : records) text.append(Json.write(r)).append('\n');
      else text.append(Json.write(records));
      Files.writeString(folder.resolve(name), text);
      ObjectNode manifest = Json.object();
      manifest.put("DestinationBucket", bucket);
      manifest.put("MapRunArn", mapRunArn);
      ObjectNode files = manifest.putObject("ResultFiles");
      ObjectNode succeeded = files.putArray("SUCCEEDED").addObject();
      succeeded.put("Key", join(prefix, runId, name));
      succeeded.put("Size", Files.size(folder.resolve(name)));
      files.putArray("FAILED");
      files.putArray("PENDING");
      Files.writeString(folder.resolve("manifest.json"), Json.write(manifest));
    } catch (IOException e) {
      throw new ResultWriterException(
          "cannot write the results to " + target + ": " + e.getClass().getSimpleName());
    }
    ObjectNode details = Json.object();
    details.put("Bucket", bucket);
    details.put("Key", join(prefix, runId, "manifest.json"));
    return details;
  }

  private static String join(String prefix, String runId, String name) {
    String p = prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/";
    return p + runId + "/" + name;
  }
}
