package io.stepwise.api.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.engine.json.Json;
import io.stepwise.engine.service.Page;
import java.util.function.BiConsumer;

/** A list operation's response: one object per item under its member, and the nextToken. */
final class Listing {
  private Listing() {}

  /** {@code {member: [...], nextToken}}: {@code write} fills each item's object. */
  static <T> ObjectNode of(Page<T> page, String member, BiConsumer<T, ObjectNode> write) {
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray(member);
    for (T t : page.items()) write.accept(t, items.addObject());
    if (page.nextToken() != null) out.put("nextToken", page.nextToken());
    return out;
  }
}
