package io.stepwise.approvals;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The module's boundaries (DESIGN.md): engine-core's service API only, SQL in the store. */
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
  void onlyTheStoreTalksSql() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.stepwise.approvals.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "javax.sql..")
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
