package io.stepwise.api.tag;

import com.fasterxml.jackson.databind.JsonNode;
import io.stepwise.api.service.Validation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A tag of a state machine or activity: a key of 1 to 128 characters and a value of up to 256. */
public record Tag(String key, String value) {

  /** Tags in AWS's list form ({@code [{"key":..,"value":..}]}), checked as AWS checks them. */
  public static List<Tag> list(JsonNode tags) {
    if (tags == null || tags.isNull()) return List.of();
    if (!tags.isArray()) throw Validation.failed("tags must be a list");
    List<Tag> out = new ArrayList<>();
    for (JsonNode tag : tags) {
      String key = tag.path("key").asText("");
      if (key.isEmpty() || key.length() > 128 || !tag.path("key").isTextual()) {
        throw Validation.failed(
            "1 validation error detected: Value at 'tags.member.key' failed to satisfy constraint:"
                + " Member must have length between 1 and 128");
      }
      String value = tag.path("value").asText("");
      if (value.length() > 256) {
        throw Validation.failed(
            "1 validation error detected: Value at 'tags.member.value' failed to satisfy"
                + " constraint: Member must have length less than or equal to 256");
      }
      out.add(new Tag(key, value));
    }
    return out;
  }

  /** The value of the tag with that key, if one is given. */
  public static Optional<String> valueOf(List<Tag> tags, String key) {
    return tags.stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst();
  }
}
