package io.stepwise.engine.runtime.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.outbound.OutboundPolicy;
import io.stepwise.engine.outbound.OutboundRefused;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads a distributed Map's items as its ItemReader says. S3 is out of reach, so a Bucket and Key
 * name a file under a local object-store folder ({@code <root>/<bucket>/<key>}); a {@code Url}
 * parameter ({@code file:}, {@code http:} or {@code https:}) names a file or a document; {@code
 * Items} gives them inline. What may be read is the {@link OutboundPolicy}'s to say. Formats: JSON
 * (an array), JSONL, CSV (header row or {@code CSVHeaders}); {@code s3:listObjectsV2} lists a
 * folder. Failures are {@link ItemReaderException}s with the cause AWS's {@code
 * States.ItemReaderFailed} carries.
 */
public final class ItemSource {
  private final OutboundPolicy outbound;

  public ItemSource(OutboundPolicy outbound) {
    this.outbound = outbound;
  }

  /** The reader failed: the Map fails with States.ItemReaderFailed and this cause. */
  public static final class ItemReaderException extends Exception {
    public ItemReaderException(String message) {
      super(message, null, false, false);
    }
  }

  public ArrayNode read(JsonNode reader) throws ItemReaderException {
    JsonNode parameters = reader.path("Parameters");
    JsonNode config = reader.path("ReaderConfig");
    ArrayNode items;
    if (parameters.has("Items")) {
      if (!parameters.get("Items").isArray())
        throw new ItemReaderException("Items must be an array");
      items = (ArrayNode) parameters.get("Items");
    } else if (reader.path("Resource").asText().endsWith("s3:listObjectsV2")) {
      items = list(parameters);
    } else {
      items = parse(text(parameters), config);
    }
    long max = config.path("MaxItems").asLong(0);
    if (max > 0 && items.size() > max) {
      ArrayNode first = Json.NODES.arrayNode();
      for (int i = 0; i < max; i++) first.add(items.get(i));
      return first;
    }
    return items;
  }

  private ArrayNode parse(String text, JsonNode config) throws ItemReaderException {
    String type = config.path("InputType").asText("JSON");
    try {
      return switch (type) {
        case "JSON" -> {
          JsonNode json = Json.parse(text);
          if (!json.isArray())
            throw new ItemReaderException("the JSON file does not hold an array");
          yield (ArrayNode) json;
        }
        case "JSONL" -> {
          ArrayNode out = Json.NODES.arrayNode();
          for (String line : text.split("\r?\n")) if (!line.isBlank()) out.add(Json.parse(line));
          yield out;
        }
        case "CSV" -> csv(text, config);
        default -> throw new ItemReaderException("InputType " + type + " is not supported here");
      };
    } catch (IOException e) {
      throw new ItemReaderException("the items are not valid " + type + ": " + e.getMessage());
    }
  }

  private static ArrayNode csv(String text, JsonNode config) throws ItemReaderException {
    List<List<String>> rows = Csv.parse(text);
    List<String> headers = new ArrayList<>();
    int first = 0;
    if ("GIVEN".equals(config.path("CSVHeaderLocation").asText("FIRST_ROW"))) {
      config.path("CSVHeaders").forEach(h -> headers.add(h.asText()));
      if (headers.isEmpty())
        throw new ItemReaderException("CSVHeaders are required with CSVHeaderLocation GIVEN");
    } else {
      if (rows.isEmpty()) return Json.NODES.arrayNode();
      headers.addAll(rows.get(0));
      first = 1;
    }
    ArrayNode out = Json.NODES.arrayNode();
    for (int r = first; r < rows.size(); r++) {
      List<String> row = rows.get(r);
      ObjectNode item = out.addObject();
      for (int c = 0; c < headers.size(); c++)
        item.put(headers.get(c), c < row.size() ? row.get(c) : "");
    }
    return out;
  }

  private String text(JsonNode parameters) throws ItemReaderException {
    String url = parameters.path("Url").asText(null);
    try {
      if (url != null && (url.startsWith("https:") || url.startsWith("http:"))) {
        return outbound.fetch(url);
      }
      Path file =
          url != null
              ? outbound.fileToRead(url)
              : outbound.objectToRead(bucket(parameters), parameters.path("Key").asText(""));
      return Files.readString(file);
    } catch (OutboundRefused e) {
      throw new ItemReaderException(e.getMessage());
    } catch (IOException e) {
      throw new ItemReaderException("cannot read the items: " + e.getMessage());
    }
  }

  private ArrayNode list(JsonNode parameters) throws ItemReaderException {
    ArrayNode out = Json.NODES.arrayNode();
    try {
      String bucket = bucket(parameters);
      Path folder = outbound.objectFolder(bucket, parameters.path("Prefix").asText(""));
      Path bucketFolder = outbound.objectFolder(bucket, "");
      if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) return out;
      try (Stream<Path> files = Files.walk(folder)) {
        // Symlinks are not followed: a link in the store never lists what it points at.
        for (Path f :
            files
                .filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                .sorted()
                .toList()) {
          ObjectNode o = out.addObject();
          o.put("Key", bucketFolder.relativize(f).toString().replace('\\', '/'));
          o.put("Size", Files.size(f));
          o.put("LastModified", Files.getLastModifiedTime(f).toInstant().toString());
        }
      }
    } catch (OutboundRefused e) {
      throw new ItemReaderException(e.getMessage());
    } catch (IOException e) {
      throw new ItemReaderException("cannot list the objects: " + e.getMessage());
    }
    return out;
  }

  private static String bucket(JsonNode parameters) throws ItemReaderException {
    String bucket = parameters.path("Bucket").asText(null);
    if (bucket == null) {
      throw new ItemReaderException("the ItemReader needs Parameters.Bucket or Url");
    }
    return bucket;
  }
}
