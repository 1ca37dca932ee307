package io.stepwise.api.authentication;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.Blocking;
import io.stepwise.api.audit.AuditLog;
import io.stepwise.api.caller.Caller;
import io.stepwise.api.caller.Role;
import io.stepwise.engine.json.Json;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The access-key pages: a signed-in person makes keys for themselves or for one of their teams
 * (with at most their own roles), sees the secret once, lists the keys they may manage with their
 * last use, and revokes them. An admin manages every key. JSON when asked for.
 */
@Path("/security/keys")
@Blocking
public class KeysResource {
  /** A page that shows a secret is kept by no cache and no back button. */
  private static final String SECRET_SHOWN = "no-store";

  @Inject AccessKeys keys;
  @Inject AuditLog audit;

  @GET
  @Produces(MediaType.TEXT_HTML)
  public String list(@Context ContainerRequestContext ctx) {
    Caller caller = caller(ctx);
    List<SecurityPages.KeyRow> rows =
        keys.visibleTo(caller).stream()
            .map(
                k ->
                    new SecurityPages.KeyRow(
                        k.id(),
                        k.ownerKind() + " " + k.owner(),
                        k.roles().stream().map(Role::id).sorted().toList().toString(),
                        k.description(),
                        String.valueOf(k.createdAt()),
                        k.lastUsedAt() == null ? "never" : k.lastUsedAt().toString(),
                        k.active(),
                        String.valueOf(k.revokedAt())))
            .toList();
    List<String> grantable = caller.roles().stream().map(Role::id).toList();
    return SecurityPages.keys(caller.name(), caller.teams(), grantable, rows).render();
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public String listJson(@Context ContainerRequestContext ctx) {
    ArrayNode out = Json.MAPPER.createArrayNode();
    for (AccessKeys.AccessKey k : keys.visibleTo(caller(ctx))) out.add(json(k));
    return Json.write(out);
  }

  @POST
  @Produces(MediaType.TEXT_HTML)
  public Response create(
      @Context ContainerRequestContext ctx,
      @RestForm String owner,
      @RestForm List<String> roles,
      @RestForm String description) {
    Caller caller = caller(ctx);
    AccessKeys.NewKey made;
    try {
      made = make(caller, owner, roles, description);
    } catch (IllegalArgumentException e) {
      return Response.status(403).entity(SecurityPages.notAllowed(e.getMessage())).build();
    }
    return Response.ok(SecurityPages.keyCreated(made.key().id(), made.secret()).render())
        .header(HttpHeaders.CACHE_CONTROL, SECRET_SHOWN)
        .build();
  }

  @POST
  @Produces(MediaType.APPLICATION_JSON)
  public Response createJson(
      @Context ContainerRequestContext ctx,
      @RestForm String owner,
      @RestForm List<String> roles,
      @RestForm String description) {
    Caller caller = caller(ctx);
    try {
      AccessKeys.NewKey made = make(caller, owner, roles, description);
      ObjectNode out = json(made.key());
      out.put("secretAccessKey", made.secret());
      return Response.ok(Json.write(out)).header(HttpHeaders.CACHE_CONTROL, SECRET_SHOWN).build();
    } catch (IllegalArgumentException e) {
      return Response.status(403)
          .entity(Json.write(Json.object().put("message", e.getMessage())))
          .build();
    }
  }

  @POST
  @Path("{id}/revoke")
  public Response revoke(@Context ContainerRequestContext ctx, @PathParam("id") String id) {
    Caller caller = caller(ctx);
    var key = keys.find(id);
    if (key.isEmpty() || !AccessKeys.mayManage(caller, key.get())) {
      audit.record(caller, "RevokeAccessKey", id, "denied", "not the key's owner");
      return Response.status(403).type(MediaType.TEXT_PLAIN).entity("Not your key.\n").build();
    }
    keys.revoke(id);
    audit.record(caller, "RevokeAccessKey", id, "ok", "");
    return Response.seeOther(URI.create("/security/keys")).build();
  }

  private AccessKeys.NewKey make(
      Caller caller, String owner, List<String> roles, String description) {
    Set<Role> granted = EnumSet.noneOf(Role.class);
    for (String r : roles == null ? List.<String>of() : roles) {
      Role role = Role.of(r);
      if (!caller.isAdmin() && !caller.roles().contains(role)) {
        throw new IllegalArgumentException(caller.name() + " cannot grant the role " + r);
      }
      granted.add(role);
    }
    if (granted.isEmpty()) granted.addAll(caller.roles());
    AccessKeys.NewKey made;
    if (owner != null && owner.startsWith("team:")) {
      String team = owner.substring(5);
      if (!caller.isAdmin() && !caller.teams().contains(team)) {
        throw new IllegalArgumentException(caller.name() + " is not in team " + team);
      }
      made = keys.create("team", team, granted, Set.of(team), description, caller.name());
    } else {
      made =
          keys.create("user", caller.name(), granted, caller.teams(), description, caller.name());
    }
    audit.record(
        caller,
        "CreateAccessKey",
        made.key().id(),
        "ok",
        made.key().ownerKind() + " " + made.key().owner() + " roles " + granted);
    return made;
  }

  private static ObjectNode json(AccessKeys.AccessKey k) {
    ObjectNode o = Json.object();
    o.put("accessKeyId", k.id());
    o.put("ownerKind", k.ownerKind());
    o.put("owner", k.owner());
    k.roles().stream().map(Role::id).sorted().forEach(o.putArray("roles")::add);
    o.put("description", k.description());
    o.put("createdAt", String.valueOf(k.createdAt()));
    o.put("lastUsedAt", k.lastUsedAt() == null ? null : k.lastUsedAt().toString());
    o.put("revokedAt", k.revokedAt() == null ? null : k.revokedAt().toString());
    return o;
  }

  static Caller caller(ContainerRequestContext ctx) {
    return PageGuard.callerOf(ctx);
  }
}
