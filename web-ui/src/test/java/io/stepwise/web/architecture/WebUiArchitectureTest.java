package io.stepwise.web.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of web-ui (docs/ARCHITECTURE.md), checked on the bytecode: its packages (one per page
 * family, {@code page} for what they share) have no cycles, and it reaches the product only through
 * engine-core's model and service interfaces, never a runtime, the CLI or the server.
 */
class WebUiArchitectureTest {
  private static JavaClasses web;

  @BeforeAll
  static void importClasses() {
    web =
        new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("io.stepwise.web");
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("io.stepwise.web.(*)..").should().beFreeOfCycles().check(web);
  }

  @Test
  void theProductIsReachedThroughEngineCoresInterfacesOnly() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.stepwise.api..",
            "io.stepwise.approvals..",
            "io.stepwise.engine.runtime..",
            "io.stepwise.engine.cli..",
            "io.stepwise.engine.conformance..",
            "io.stepwise.engine.bench..")
        .check(web);
  }

  @Test
  void sharedPageBitsKnowNoPageFamily() {
    noClasses()
        .that()
        .resideInAPackage("io.stepwise.web.page..")
        .should()
        .dependOnClassesThat()
        .resideOutsideOfPackages(
            "io.stepwise.web.page..",
            "java..",
            "jakarta..",
            "io.quarkus..",
            "io.vertx..",
            "org.eclipse.microprofile..",
            "io.stepwise.engine..",
            "com.fasterxml.jackson..",
            "org.jboss..",
            "io.smallrye..")
        .check(web);
  }
}
