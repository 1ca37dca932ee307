package io.stepwise.api.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import jakarta.persistence.Entity;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of api (docs/ARCHITECTURE.md), checked on the bytecode: the AWS adapter and the pages'
 * adapters on top, one service per feature below them, the runtime and persistence at the bottom;
 * no package cycles; and web-ui and approvals reach the product only through engine-core's service
 * interfaces.
 */
class ApiArchitectureTest {
  /** The feature services, with the stores they own. */
  private static final String[] SERVICES = {
    "io.stepwise.api.statemachine..",
    "io.stepwise.api.execution..",
    "io.stepwise.api.maprun..",
    "io.stepwise.api.activity..",
    "io.stepwise.api.tag..",
    "io.stepwise.api.schedule..",
    "io.stepwise.api.trigger..",
    "io.stepwise.api.notification.."
  };

  /**
   * The adapters that translate for callers: the AWS protocol and the pages' service interfaces.
   */
  private static final String[] ADAPTERS = {
    "io.stepwise.api.protocol..", "io.stepwise.api.pages..", "io.stepwise.api.rest.."
  };

  /** What the services stand on. */
  private static final String[] FOUNDATION = {
    "io.stepwise.api.runtime..",
    "io.stepwise.api.persistence..",
    "io.stepwise.api.postgres..",
    "io.stepwise.api.arn..",
    "io.stepwise.api.quota..",
    "io.stepwise.api.service.."
  };

  /**
   * Who calls, what they may do, what they did, and what every request meets first; below the
   * adapters, above the foundation.
   */
  private static final String[] SECURITY = {
    "io.stepwise.api.caller..",
    "io.stepwise.api.authentication..",
    "io.stepwise.api.authorization..",
    "io.stepwise.api.audit..",
    "io.stepwise.api.http.."
  };

  private static JavaClasses api;
  private static JavaClasses modules;

  @BeforeAll
  static void importClasses() {
    ImportOption mainOnly = new ImportOption.DoNotIncludeTests();
    api = new ClassFileImporter().withImportOption(mainOnly).importPackages("io.stepwise.api");
    modules =
        new ClassFileImporter()
            .withImportOption(mainOnly)
            .importPackages("io.stepwise.web", "io.stepwise.approvals");
  }

  @Test
  void nothingDependsOnTheAdapters() {
    noClasses()
        .that()
        .resideOutsideOfPackages(ADAPTERS)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ADAPTERS)
        .check(api);
  }

  @Test
  void servicesKnowNeitherTheWireNorThePages() {
    noClasses()
        .that()
        .resideInAnyPackage(SERVICES)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.stepwise.web..", "io.stepwise.approvals..", "jakarta.ws.rs..")
        .check(api);
  }

  @Test
  void theFoundationKnowsNoServiceNorAdapter() {
    noClasses()
        .that()
        .resideInAnyPackage(FOUNDATION)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(SERVICES)
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(SECURITY)
        .check(api);
  }

  @Test
  void securityKnowsNoService() {
    noClasses()
        .that()
        .resideInAnyPackage(SECURITY)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(SERVICES)
        .check(api);
  }

  /**
   * Authorization judges a {@code Caller} however it was authenticated: it knows neither the
   * guards, sessions and keys of authentication nor HTTP.
   */
  @Test
  void authorizationKnowsNothingOfAuthentication() {
    noClasses()
        .that()
        .resideInAnyPackage("io.stepwise.api.authorization..", "io.stepwise.api.caller..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.stepwise.api.authentication..",
            "io.stepwise.api.http..",
            "jakarta.ws.rs..",
            "io.vertx.core.http..",
            "io.vertx.ext.web..",
            "io.quarkus.security..",
            "io.quarkus.oidc..")
        .check(api);
  }

  /** Who calls is plain Java: every other package may name a caller. */
  @Test
  void callersStandOnNothing() {
    noClasses()
        .that()
        .resideInAPackage("io.stepwise.api.caller..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages("io.stepwise.api.caller..", "java..")
        .check(api);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("io.stepwise.api.(*)..").should().beFreeOfCycles().check(api);
  }

  /**
   * The durable runtime's classes depend on each other one way: a step's transaction knows nothing
   * of its effects, the effects and the gathered transactions stand on the step, and the loops on
   * both (no cycle hidden behind a CDI lookup).
   */
  @Test
  void runtimeClassesHaveNoCycles() {
    slices()
        .assignedFrom(topLevelClassesOf("io.stepwise.api.runtime"))
        .should()
        .beFreeOfCycles()
        .check(api);
  }

  /** One slice per top-level class of the package (a nested class belongs to its outer class). */
  private static SliceAssignment topLevelClassesOf(String packageName) {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
        if (!javaClass.getPackageName().equals(packageName)) return SliceIdentifier.ignore();
        JavaClass top = javaClass;
        while (top.getEnclosingClass().isPresent()) top = top.getEnclosingClass().get();
        return SliceIdentifier.of(top.getSimpleName());
      }

      @Override
      public String getDescription() {
        return "the top-level classes of " + packageName;
      }
    };
  }

  /**
   * web-ui and approvals are libraries the server assembles: they reach executions, state machines
   * and tasks through engine-core's service interfaces, never through the server or a runtime.
   */
  @Test
  void webUiAndApprovalsUseOnlyTheServiceInterfaces() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.stepwise.api..",
            "io.stepwise.engine.runtime..",
            "io.stepwise.engine.cli..",
            "io.stepwise.engine.conformance..",
            "io.stepwise.engine.bench..")
        .check(modules);
  }

  /**
   * Hibernate Reactive entities (DESIGN.md: "Entities never leave the persistence package") live in
   * a {@code store} or {@code persistence} package, are not public, and only their own package's
   * store uses them: services, the protocol and the pages receive records.
   */
  @Test
  void entitiesStayInTheirStore() {
    classes()
        .that()
        .areAnnotatedWith(Entity.class)
        .should()
        .resideInAnyPackage("..store", "..persistence")
        .andShould()
        .notBePublic()
        .allowEmptyShould(false)
        .check(api);
    for (JavaClasses checked : List.of(api, modules)) {
      noClasses()
          .that()
          .resideOutsideOfPackages("..store", "..persistence")
          .should()
          .dependOnClassesThat()
          .areAnnotatedWith(Entity.class)
          .check(checked);
    }
  }
}
