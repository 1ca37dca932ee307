package io.stepwise.api.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stepwise.api.service.Validation;
import io.stepwise.api.tag.Tag;
import io.stepwise.api.tag.Tags;
import io.stepwise.engine.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** TagResource, UntagResource and ListTagsForResource, translated to {@link Tags}. */
@ApplicationScoped
public class TagActions implements ActionFamily {
  private final Tags tags;

  public TagActions(Tags tags) {
    this.tags = tags;
  }

  @Override
  public Map<String, Action> actions() {
    return Map.of(
        "TagResource", Action.change(this::tag),
        "UntagResource", Action.change(this::untag),
        "ListTagsForResource", Action.read(this::list));
  }

  private JsonNode tag(Request r) {
    String arn = r.resource("resourceArn");
    JsonNode list = r.node("tags");
    if (list == null) throw Validation.missing("tags");
    tags.tag(r.caller(), arn, Tag.list(list));
    return Json.object();
  }

  private JsonNode untag(Request r) {
    String arn = r.resource("resourceArn");
    JsonNode keys = r.node("tagKeys");
    if (keys == null || !keys.isArray()) throw Validation.missing("tagKeys");
    List<String> names = new ArrayList<>();
    keys.forEach(k -> names.add(k.asText()));
    tags.untag(r.caller(), arn, names);
    return Json.object();
  }

  private JsonNode list(Request r) {
    ObjectNode out = Json.object();
    ArrayNode items = out.putArray("tags");
    for (Tag t : tags.list(r.caller(), r.resource("resourceArn"))) {
      items.addObject().put("key", t.key()).put("value", t.value());
    }
    return out;
  }
}
