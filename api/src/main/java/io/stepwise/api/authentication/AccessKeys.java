package io.stepwise.api.authentication;

import io.stepwise.api.authentication.store.AccessKeyTable;
import io.stepwise.api.authentication.store.AccessKeyTable.StoredKey;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Role;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * API access keys ({@code access_keys}): an id and a secret for SigV4, owned by a person or a team,
 * carrying the roles and teams fixed when it was made. The secret is sealed with the {@link
 * ServerKey} and shown once. Calls block on the database: use them from worker or virtual threads.
 * The rows are {@link AccessKeyTable}'s entities; the request path reads an active key from memory
 * ({@link #ACTIVE_KEY_CACHE}).
 */
@ApplicationScoped
public class AccessKeys {
  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private final AccessKeyTable table;
  private final ServerKey serverKey;
  private final Map<String, Instant> lastTouched = new ConcurrentHashMap<>();

  /** A key as stored, without its secret. */
  public record AccessKey(
      String id,
      String ownerKind,
      String owner,
      Set<Role> roles,
      Set<String> teams,
      String description,
      String createdBy,
      Instant createdAt,
      Instant lastUsedAt,
      Instant revokedAt) {
    public boolean active() {
      return revokedAt == null;
    }

    /** The caller a request signed with this key acts as. */
    Caller caller(String address) {
      String name = ownerKind.equals("team") ? "team:" + owner + " (key " + id + ")" : owner;
      return new Caller(name, Caller.Kind.ACCESS_KEY, roles, teams, address);
    }
  }

  /** A freshly made key with its secret, which is never shown again. */
  public record NewKey(AccessKey key, String secret) {}

  public AccessKeys(AccessKeyTable table, ServerKey serverKey) {
    this.table = table;
    this.serverKey = serverKey;
  }

  /** Makes a key with a generated id and secret. */
  public NewKey create(
      String ownerKind,
      String owner,
      Set<Role> roles,
      Set<String> teams,
      String description,
      String createdBy) {
    String id = newId();
    String secret = ServerKey.randomToken(30);
    put(id, secret, ownerKind, owner, roles, teams, description, createdBy);
    return new NewKey(find(id).orElseThrow(), secret);
  }

  /** Stores a key with a given id and secret, replacing one with the same id (the local admin). */
  public void put(
      String id,
      String secret,
      String ownerKind,
      String owner,
      Set<Role> roles,
      Set<String> teams,
      String description,
      String createdBy) {
    table.put(
        new StoredKey(
            id,
            serverKey.seal(secret, id),
            ownerKind,
            owner,
            roles.stream().map(Role::id).sorted().collect(Collectors.joining(",")),
            String.join(",", new TreeSet<>(teams)),
            description,
            createdBy,
            null,
            null,
            null));
    signingKeys.remove(id);
  }

  public Optional<AccessKey> find(String id) {
    return table.find(id).map(AccessKeys::read);
  }

  /** The active key's secret, for verifying a signature; empty for unknown or revoked keys. */
  Optional<String> secretOf(String id) {
    return signing(id).map(SigningKey::secret);
  }

  /** The active key a verified signature names; empty for unknown or revoked keys. */
  Optional<AccessKey> activeKey(String id) {
    return signing(id).map(SigningKey::key);
  }

  /** An active key and its opened secret, as the request path needs them. */
  private record SigningKey(AccessKey key, String secret, long loadedNanos) {}

  /**
   * How long an active key is served from memory on the request path (two lookups and the opening
   * of its sealed secret for every API call otherwise). A key revoked or replaced on this server is
   * dropped at once; another server stops accepting it within this time.
   */
  static final Duration ACTIVE_KEY_CACHE = Duration.ofSeconds(10);

  private final Map<String, SigningKey> signingKeys = new ConcurrentHashMap<>();

  private Optional<SigningKey> signing(String id) {
    SigningKey cached = signingKeys.get(id);
    if (cached != null && System.nanoTime() - cached.loadedNanos() < ACTIVE_KEY_CACHE.toNanos()) {
      return Optional.of(cached);
    }
    signingKeys.remove(id);
    Optional<StoredKey> stored = table.find(id).filter(k -> k.revokedAt() == null);
    if (stored.isEmpty()) return Optional.empty();
    SigningKey loaded =
        new SigningKey(
            read(stored.get()), serverKey.open(stored.get().secretSealed(), id), System.nanoTime());
    signingKeys.put(id, loaded);
    return Optional.of(loaded);
  }

  /** Keys the caller may see: an admin all, anybody else their own and their teams'. */
  public List<AccessKey> visibleTo(Caller caller) {
    List<AccessKey> out = new ArrayList<>();
    for (StoredKey stored : table.all()) {
      AccessKey k = read(stored);
      if (caller.isAdmin() || mayManage(caller, k)) out.add(k);
    }
    return out;
  }

  static boolean mayManage(Caller caller, AccessKey k) {
    if (caller.isAdmin()) return true;
    return k.ownerKind().equals("user")
        ? k.owner().equals(caller.name())
        : caller.teams().contains(k.owner());
  }

  /** Revokes a key; true when it was active. */
  public boolean revoke(String id) {
    lastTouched.remove(id);
    boolean revoked = table.revoke(id, Instant.now());
    signingKeys.remove(id);
    return revoked;
  }

  /** Notes a use; written at most once a minute per key. */
  void touch(String id, Instant now) {
    Instant last = lastTouched.get(id);
    if (last != null && last.isAfter(now.minusSeconds(60))) return;
    lastTouched.put(id, now);
    table.used(id, now);
  }

  private static AccessKey read(StoredKey row) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String r : row.roles().split(",")) if (!r.isBlank()) roles.add(Role.of(r));
    Set<String> teams =
        Arrays.stream(row.teams().split(","))
            .filter(t -> !t.isBlank())
            .collect(Collectors.toCollection(TreeSet::new));
    return new AccessKey(
        row.id(),
        row.ownerKind(),
        row.owner(),
        roles,
        teams,
        row.description(),
        row.createdBy(),
        row.createdAt(),
        row.lastUsedAt(),
        row.revokedAt());
  }

  /** A 20-character id like AWS's, starting with SWK. */
  static String newId() {
    StringBuilder b = new StringBuilder("SWK");
    for (int i = 0; i < 17; i++) b.append(ALPHABET.charAt(ServerKey.random().nextInt(32)));
    return b.toString();
  }
}
