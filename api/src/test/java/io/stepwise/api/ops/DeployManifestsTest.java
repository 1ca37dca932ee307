package io.stepwise.api.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Validates deploy/: every Kubernetes and compose YAML parses and has its required fields, and the
 * image names, ports, probe paths and environment variable names agree with the code (the image
 * build, application.properties and the settings the configuration reference finds).
 */
class DeployManifestsTest {
  static final Path REPO = ConfigurationReferenceTest.REPO;
  static final Path KUBERNETES = REPO.resolve("deploy/kubernetes");
  final YAMLMapper yaml = new YAMLMapper();
  final ConfigurationReference reference = new ConfigurationReference(REPO).read();

  @Test
  void everyKubernetesDocumentHasKindNameAndIsListedInTheKustomization() throws IOException {
    JsonNode kustomization = yaml.readTree(KUBERNETES.resolve("kustomization.yaml").toFile());
    Set<String> listed = new HashSet<>();
    kustomization.path("resources").forEach(r -> listed.add(r.asText()));
    try (Stream<Path> files = Files.list(KUBERNETES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        if (file.getFileName().toString().equals("kustomization.yaml")) continue;
        assertThat(listed)
            .as("kustomization lists %s", file.getFileName())
            .contains(file.getFileName().toString());
        for (JsonNode doc : documents(file)) {
          assertThat(doc.path("apiVersion").asText()).as("%s apiVersion", file).isNotBlank();
          assertThat(doc.path("kind").asText()).as("%s kind", file).isNotBlank();
          assertThat(doc.path("metadata").path("name").asText())
              .as("%s name", file)
              .matches("[a-z0-9-]+");
        }
      }
    }
    for (String resource : listed) assertThat(KUBERNETES.resolve(resource)).exists();
  }

  @Test
  void deploymentsSelectTheirPodsAndRequestResources() throws IOException {
    for (JsonNode deployment : ofKind("Deployment")) {
      String name = deployment.path("metadata").path("name").asText();
      JsonNode labels = deployment.at("/spec/template/metadata/labels");
      deployment
          .at("/spec/selector/matchLabels")
          .fields()
          .forEachRemaining(
              e ->
                  assertThat(labels.path(e.getKey()).asText())
                      .as("%s selects its pods", name)
                      .isEqualTo(e.getValue().asText()));
      for (JsonNode container : deployment.at("/spec/template/spec/containers")) {
        assertThat(container.path("image").asText()).as("%s image", name).isNotBlank();
        assertThat(container.at("/resources/requests/cpu").asText())
            .as("%s cpu request", name)
            .isNotBlank();
        assertThat(container.at("/resources/requests/memory").asText())
            .as("%s memory request", name)
            .isNotBlank();
        assertThat(container.at("/resources/limits/memory").asText())
            .as("%s memory limit", name)
            .isNotBlank();
      }
    }
  }

  @Test
  void serverDeploymentRunsTheBuiltImageOnTheConfiguredPortWithHealthProbes() throws IOException {
    JsonNode server = container(named("Deployment", "stepwise-server"));
    assertThat(server.path("image").asText()).isEqualTo(image("server"));
    JsonNode port = server.path("ports").get(0);
    assertThat(port.path("containerPort").asInt()).isEqualTo(httpPort());
    String portName = port.path("name").asText();
    assertThat(server.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
    assertThat(server.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
    assertThat(server.at("/startupProbe/httpGet/path").asText()).isEqualTo("/q/health/started");
    for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
      assertThat(server.at("/" + probe + "/httpGet/port").asText()).isEqualTo(portName);
    }
    JsonNode service = named("Service", "stepwise-server");
    assertThat(service.at("/spec/ports/0/port").asInt()).isEqualTo(httpPort());
    assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo(portName);
    assertThat(service.at("/spec/selector"))
        .isEqualTo(named("Deployment", "stepwise-server").at("/spec/selector/matchLabels"));
    JsonNode config = named("ConfigMap", "stepwise-config").path("data");
    assertThat(config.path("STEPWISE_HTTP_PORT").asText()).isEqualTo(String.valueOf(httpPort()));
    // Several replicas need the external database: the embedded one would be one per pod.
    assertThat(config.path("STEPWISE_DB_URL").asText())
        .startsWith("jdbc:postgresql://stepwise-postgres:5432/");
    assertThat(named("Service", "stepwise-postgres").at("/spec/ports/0/port").asInt())
        .isEqualTo(5432);
  }

  @Test
  void workerReachesTheServerServiceAndRunsTheBuiltImage() throws IOException {
    JsonNode worker = container(named("Deployment", "stepwise-worker"));
    assertThat(worker.path("image").asText()).isEqualTo(image("worker"));
    URI server = URI.create(env(worker).get("STEPWISE_SERVER"));
    assertThat(server.getHost()).isEqualTo("stepwise-server");
    assertThat(server.getPort())
        .isEqualTo(named("Service", "stepwise-server").at("/spec/ports/0/port").asInt());
    int grace =
        named("Deployment", "stepwise-worker")
            .at("/spec/template/spec/terminationGracePeriodSeconds")
            .asInt();
    assertThat(grace).as("longer than the worker's 30 s shutdown grace").isGreaterThan(30);
  }

  @Test
  void everyEnvironmentVariableInDeployIsOneTheCodeReads() throws IOException {
    List<String> names = new ArrayList<>();
    named("ConfigMap", "stepwise-config").path("data").fieldNames().forEachRemaining(names::add);
    named("Secret", "stepwise-secrets")
        .path("stringData")
        .fieldNames()
        .forEachRemaining(names::add);
    for (JsonNode d : ofKind("Deployment")) names.addAll(env(container(d)).keySet());
    JsonNode compose = yaml.readTree(REPO.resolve("deploy/compose.yaml").toFile());
    for (String service : List.of("server", "worker")) {
      compose.at("/services/" + service + "/environment").fieldNames().forEachRemaining(names::add);
    }
    for (String file : List.of("server.env.example", "worker.env.example")) {
      Properties p = new Properties();
      try (var in = Files.newBufferedReader(REPO.resolve("deploy/systemd/" + file))) {
        p.load(in);
      }
      names.addAll(p.stringPropertyNames());
    }
    for (String unit : List.of("stepwise-server.service", "stepwise-worker.service")) {
      Matcher m =
          Pattern.compile("(?m)^Environment=([A-Z_]+)=")
              .matcher(Files.readString(REPO.resolve("deploy/systemd/" + unit)));
      while (m.find()) names.add(m.group(1));
    }
    Set<String> known = new HashSet<>(reference.environmentNames());
    for (String key : reference.keyNames()) known.add(ConfigurationReference.envName(key));
    assertThat(names).isNotEmpty();
    assertThat(known).as("settings the code reads").containsAll(names);
  }

  @Test
  void composeRunsBothImagesAgainstItsPostgres() throws IOException {
    JsonNode compose = yaml.readTree(REPO.resolve("deploy/compose.yaml").toFile());
    JsonNode services = compose.path("services");
    assertThat(services.at("/server/image").asText()).isEqualTo(image("server"));
    assertThat(services.at("/worker/image").asText()).isEqualTo(image("worker"));
    assertThat(services.at("/server/ports/0").asText()).endsWith(":" + httpPort());
    URI db =
        URI.create(
            services
                .at("/server/environment/STEPWISE_DB_URL")
                .asText()
                .substring("jdbc:".length()));
    assertThat(services.has(db.getHost())).as("the database URL names a compose service").isTrue();
    URI server = URI.create(services.at("/worker/environment/STEPWISE_SERVER").asText());
    assertThat(services.has(server.getHost())).isTrue();
    assertThat(server.getPort()).isEqualTo(httpPort());
  }

  @Test
  void everyServerGetsTheSharedServerKeyFromASecret() throws IOException {
    // Replicas on one database need one key (ServerKeyCheck), and pods keep no files.
    assertThat(
            named("Secret", "stepwise-secrets")
                .path("stringData")
                .has("STEPWISE_SECURITY_SERVER_KEY"))
        .isTrue();
    JsonNode server = container(named("Deployment", "stepwise-server"));
    assertThat(server.findValuesAsText("name")).contains("stepwise-secrets");
    JsonNode compose = yaml.readTree(REPO.resolve("deploy/compose.yaml").toFile());
    String secret = compose.at("/services/server/secrets/0").asText();
    assertThat(compose.at("/secrets/" + secret + "/file").asText()).isNotBlank();
    assertThat(
            compose.at("/services/server/environment/STEPWISE_SECURITY_SERVER_KEY_FILE").asText())
        .isEqualTo("/run/secrets/" + secret);
  }

  @Test
  void systemdUnitsStartThePackagedServerAndWorker() throws IOException {
    String server = Files.readString(REPO.resolve("deploy/systemd/stepwise-server.service"));
    String worker = Files.readString(REPO.resolve("deploy/systemd/stepwise-worker.service"));
    for (String unit : List.of(server, worker)) {
      assertThat(unit)
          .contains("[Unit]", "[Service]", "[Install]", "User=stepwise", "Restart=on-failure");
    }
    assertThat(server)
        .containsPattern("(?m)^ExecStart=.* -jar /opt/stepwise/server/quarkus-run.jar$");
    assertThat(worker).containsPattern("(?m)^ExecStart=.* io\\.stepwise\\.worker\\.WorkerMain$");
    assertThat(REPO.resolve("worker/src/main/java/io/stepwise/worker/WorkerMain.java")).exists();
    assertThat(REPO.resolve("api/src/main/java/io/stepwise/api/StepwiseServer.java")).exists();
  }

  /** The image the Jib build names, as {@code stepwise/NAME:VERSION}. */
  private static String image(String name) throws IOException {
    String pom = Files.readString(REPO.resolve("deploy/images/pom.xml"));
    assertThat(pom).contains("<image>stepwise/" + name + ":${stepwise.image.tag}</image>");
    assertThat(pom).contains("<stepwise.image.tag>${project.version}</stepwise.image.tag>");
    Matcher v =
        Pattern.compile("<artifactId>stepwise-parent</artifactId>\\s*<version>([^<]+)</version>")
            .matcher(Files.readString(REPO.resolve("pom.xml")));
    assertThat(v.find()).isTrue();
    return "stepwise/" + name + ":" + v.group(1);
  }

  private static int httpPort() throws IOException {
    Properties p = new Properties();
    try (var in =
        Files.newBufferedReader(REPO.resolve("api/src/main/resources/application.properties"))) {
      p.load(in);
    }
    return Integer.parseInt(p.getProperty("quarkus.http.port"));
  }

  private static Map<String, String> env(JsonNode container) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    for (JsonNode e : container.path("env"))
      out.put(e.path("name").asText(), e.path("value").asText());
    return out;
  }

  private static JsonNode container(JsonNode deployment) {
    return deployment.at("/spec/template/spec/containers/0");
  }

  private JsonNode named(String kind, String name) throws IOException {
    for (JsonNode doc : ofKind(kind)) {
      if (doc.path("metadata").path("name").asText().equals(name)) return doc;
    }
    throw new AssertionError("no " + kind + " " + name + " in deploy/kubernetes");
  }

  private List<JsonNode> ofKind(String kind) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(KUBERNETES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (JsonNode doc : documents(file)) {
          if (doc.path("kind").asText().equals(kind)) out.add(doc);
        }
      }
    }
    return out;
  }

  private List<JsonNode> documents(Path file) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(file.toFile())) {
      for (Iterator<JsonNode> i = it; i.hasNext(); ) {
        JsonNode doc = i.next();
        if (doc != null && !doc.isNull() && !doc.isEmpty()) docs.add(doc);
      }
    }
    return docs;
  }
}
