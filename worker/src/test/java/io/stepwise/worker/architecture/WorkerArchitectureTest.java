package io.stepwise.worker.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the worker (worker/README.md), checked on the bytecode: {@code config} (what it
 * reads at start), {@code poll} (the task loop over the public AWS protocol) and {@code http} (the
 * handlers) without cycles, and nothing of the server's or engine-core's: the worker is a separate
 * process that knows Stepwise only by its public API.
 */
class WorkerArchitectureTest {
  private static JavaClasses worker;

  @BeforeAll
  static void importClasses() {
    worker =
        new ClassFileImporter()
            .withImportOption(new ImportOption.DoNotIncludeTests())
            .importPackages("io.stepwise.worker");
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching("io.stepwise.worker.(*)..").should().beFreeOfCycles().check(worker);
  }

  @Test
  void onlyThePublicProtocolLinksItToTheServer() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.stepwise.api..", "io.stepwise.engine..", "io.stepwise.web..")
        .check(worker);
  }
}
