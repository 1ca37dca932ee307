package io.stepwise.engine.interpret;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.stepwise.engine.json.Json;
import java.io.UncheckedIOException;

/**
 * Turns an {@link ExecutionSnapshot} into JSON text and back, for runtimes that store it (one row
 * per execution). Fields are written as they are, nulls left out; unknown fields are ignored so an
 * older snapshot reads into a newer engine.
 */
public final class SnapshotCodec {
  private static final ObjectMapper MAPPER =
      Json.MAPPER
          .copy()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
          .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);

  private SnapshotCodec() {}

  public static String write(ExecutionSnapshot snapshot) {
    try {
      return MAPPER.writeValueAsString(snapshot);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ExecutionSnapshot read(String json) {
    try {
      return MAPPER.readValue(json, ExecutionSnapshot.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
