package io.stepwise.engine.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The module boundaries of DESIGN.md for engine-core, checked on the bytecode. */
class EngineCoreArchitectureTest {
  private static JavaClasses engine;

  /** The pure part: the model, data flow and the interpreter. */
  private static final String[] INTERPRETER = {
    "io.stepwise.engine.interpret..", "io.stepwise.engine.asl..", "io.stepwise.engine.dataflow.."
  };

  @BeforeAll
  static void importClasses() {
    // Only the main classes, wherever the build put them (-Dstepwise.target may rename target/).
    java.net.URL main =
        io.stepwise.engine.interpret.Interpreter.class
            .getProtectionDomain()
            .getCodeSource()
            .getLocation();
    engine = new ClassFileImporter().importUrl(main);
  }

  @Test
  void usesNoFrameworkNorDatabase() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.quarkus..",
            "io.vertx..",
            "io.smallrye.mutiny..",
            "org.hibernate..",
            "java.sql..",
            "jakarta.persistence..")
        .check(engine);
  }

  @Test
  void neverSleepsOrStartsThreads() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.stepwise.engine.cli..")
        .should()
        .callMethod(Thread.class, "sleep", long.class)
        .orShould()
        .callConstructor(Thread.class, Runnable.class)
        .check(engine);
  }

  @Test
  void theInterpreterDoesNotKnowItsRuntimes() {
    noClasses()
        .that()
        .resideInAnyPackage(INTERPRETER)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.stepwise.engine.runtime..",
            "io.stepwise.engine.outbound..",
            "io.stepwise.engine.cli..",
            "io.stepwise.engine.conformance..",
            "io.stepwise.engine.bench..")
        .check(engine);
  }

  @Test
  void theInterpreterReadsNoClockAndDrawsNoSecretsItself() {
    // Time, the evaluation budget's clock and task token secrets are ports the runtime supplies.
    noClasses()
        .that()
        .resideInAnyPackage(INTERPRETER)
        .should()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(java.time.Instant.class, "now")
        .orShould()
        .callConstructor(java.security.SecureRandom.class)
        .check(engine);
  }

  @Test
  void theModelDoesNotDependOnTheInterpreter() {
    noClasses()
        .that()
        .resideInAPackage("io.stepwise.engine.asl..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.stepwise.engine.interpret..")
        .check(engine);
  }
}
