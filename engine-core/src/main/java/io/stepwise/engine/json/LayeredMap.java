package io.stepwise.engine.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The fields of a JSON object made by setting one field on another object: a layer over the other
 * object's fields, so a state that adds a field to a wide document does not copy it. Layers are
 * flattened into a plain map every {@link #MAX_DEPTH} levels, and on the first change through the
 * {@link Map} interface (values are treated as immutable, so that never happens in the engine).
 * Iteration keeps JSON object order: the base's fields, the replaced one in its place, a new one
 * last.
 */
final class LayeredMap extends AbstractMap<String, JsonNode> {
  static final int MAX_DEPTH = 16;

  private Map<String, JsonNode> base;
  private String key;
  private JsonNode value;
  private boolean newKey;
  private int size;
  private int depth;

  /** Set once the map was changed in place: from then on it is a plain map. */
  private LinkedHashMap<String, JsonNode> flat;

  private LayeredMap() {}

  /** {@code base} with {@code key} set to {@code value}; {@code base} is never changed. */
  static LayeredMap with(Map<String, JsonNode> base, String key, JsonNode value) {
    LayeredMap m = new LayeredMap();
    int baseDepth = base instanceof LayeredMap l && l.flat == null ? l.depth : 0;
    if (baseDepth >= MAX_DEPTH) {
      base = ((LayeredMap) base).flatCopy();
      baseDepth = 0;
    }
    m.base = base;
    m.key = key;
    m.value = value;
    m.newKey = !base.containsKey(key);
    m.size = base.size() + (m.newKey ? 1 : 0);
    m.depth = baseDepth + 1;
    return m;
  }

  @Override
  public JsonNode get(Object k) {
    if (flat != null) return flat.get(k);
    return key.equals(k) ? value : base.get(k);
  }

  @Override
  public boolean containsKey(Object k) {
    if (flat != null) return flat.containsKey(k);
    return key.equals(k) || base.containsKey(k);
  }

  @Override
  public int size() {
    return flat != null ? flat.size() : size;
  }

  @Override
  public JsonNode put(String k, JsonNode v) {
    return flatten().put(k, v);
  }

  @Override
  public JsonNode remove(Object k) {
    return flatten().remove(k);
  }

  @Override
  public void clear() {
    flatten().clear();
  }

  private LinkedHashMap<String, JsonNode> flatten() {
    if (flat == null) {
      flat = flatCopy();
      base = null;
      value = null;
    }
    return flat;
  }

  /**
   * A plain copy in the same order: the bottom map copied once, then each layer's field set on it
   * from the bottom up (a replaced field keeps its place, a new one goes last) — linear in the
   * size, not in size × depth as iterating through the layers would be.
   */
  LinkedHashMap<String, JsonNode> flatCopy() {
    if (flat != null) return new LinkedHashMap<>(flat);
    java.util.ArrayDeque<LayeredMap> layers = new java.util.ArrayDeque<>();
    Map<String, JsonNode> bottom = this;
    while (bottom instanceof LayeredMap l && l.flat == null) {
      layers.push(l);
      bottom = l.base;
    }
    LinkedHashMap<String, JsonNode> copy = new LinkedHashMap<>(size * 4 / 3 + 2);
    copy.putAll(bottom);
    for (LayeredMap l : layers) copy.put(l.key, l.value);
    return copy;
  }

  @Override
  public Set<Map.Entry<String, JsonNode>> entrySet() {
    if (flat != null) return flat.entrySet();
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, JsonNode>> iterator() {
        return new LayerIterator();
      }

      @Override
      public int size() {
        return LayeredMap.this.size;
      }
    };
  }

  private final class LayerIterator implements Iterator<Map.Entry<String, JsonNode>> {
    private final Iterator<Map.Entry<String, JsonNode>> inner = base.entrySet().iterator();
    private boolean tailDone = !newKey;

    @Override
    public boolean hasNext() {
      return inner.hasNext() || !tailDone;
    }

    @Override
    public Map.Entry<String, JsonNode> next() {
      if (inner.hasNext()) {
        Map.Entry<String, JsonNode> e = inner.next();
        return key.equals(e.getKey()) ? new SimpleImmutableEntry<>(key, value) : e;
      }
      if (tailDone) throw new NoSuchElementException();
      tailDone = true;
      return new SimpleImmutableEntry<>(key, value);
    }
  }
}
