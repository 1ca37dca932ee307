package io.stepwise.approvals;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.Test;

/**
 * The module's boundaries (DESIGN.md): engine-core's service API only; the database only in the
 * store, through Hibernate Reactive (no JDBC connection of its own), with entities that never leave
 * it.
 */
class ApprovalsArchitectureTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          // Only main classes: the test fakes implement the whole ExecutionService on purpose.
          .withImportOption(location -> !location.contains("test-classes"))
          .importPackages("io.stepwise.approvals");

  private static final DescribedPredicate<JavaClass> ENGINE_BEYOND_SERVICE =
      DescribedPredicate.describe(
          "engine-core classes outside its service package (and the status its read models carry)",
          c ->
              c.getPackageName().startsWith("io.stepwise.engine")
                  && !c.getPackageName().equals("io.stepwise.engine.service")
                  && !c.getName().equals("io.stepwise.engine.interpret.ExecutionStatus"));

  @Test
  void usesOnlyTheEnginesServiceApiAndNeverTheServer() {
    noClasses().should().dependOnClassesThat(ENGINE_BEYOND_SERVICE).check(MAIN);
    noClasses().should().dependOnClassesThat().resideInAPackage("io.stepwise.api..").check(MAIN);
  }

  @Test
  void onlyTheStoreReachesTheDatabaseAndNeverThroughJdbc() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("javax.sql..")
        .orShould()
        .dependOnClassesThat()
        .haveNameMatching("java\\.sql\\.(Connection|PreparedStatement|ResultSet|DriverManager)")
        .check(MAIN);
    noClasses()
        .that()
        .resideOutsideOfPackage("io.stepwise.approvals.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "java.sql..",
            "jakarta.persistence..",
            "org.hibernate..",
            "io.quarkus.hibernate..",
            "io.quarkus.panache..",
            "io.vertx.sqlclient..",
            "io.vertx.pgclient..")
        .check(MAIN);
  }

  /** Entities never leave the store (DESIGN.md): package-private there, records outside. */
  @Test
  void entitiesNeverLeaveTheStore() {
    classes()
        .that()
        .areAnnotatedWith(Entity.class)
        .should()
        .notBePublic()
        .andShould()
        .resideInAPackage("io.stepwise.approvals.store")
        .allowEmptyShould(false)
        .check(MAIN);
  }

  @Test
  void theStoreKnowsNeitherPagesNorMail() {
    noClasses()
        .that()
        .resideInAPackage("io.stepwise.approvals.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.stepwise.approvals.decision..", "io.stepwise.approvals.mail..", "jakarta.ws.rs..")
        .check(MAIN);
  }
}
