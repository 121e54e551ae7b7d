package dev.coclone;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of the core library, kept as a test: each rule fails with the offending
 * dependency named. A feature is a package under {@code dev.coclone} with its subpackages
 * ({@code context} and {@code context.internal} are one feature).
 */
class ArchitectureTest {
  private static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("dev.coclone");
  }

  @Test
  void featuresAreFreeOfCycles() {
    slices().matching("dev.coclone.(*)..").should().beFreeOfCycles().check(core);
  }

  @Test
  void modelPackagesAreFreeOfCycles() {
    slices().matching("dev.coclone.model.(*)..").should().beFreeOfCycles().check(core);
  }

  @Test
  void sourceVocabularyImportsNoOtherFeature() {
    noClasses().that().resideInAPackage("dev.coclone.source..").should().dependOnClassesThat(
        resideInAPackage("dev.coclone..").and(resideOutsideOfPackage("dev.coclone.source..")))
        .check(core);
  }

  @Test
  void internalPackagesAreUsedOnlyByTheirOwnFeature() {
    for (String feature : new String[] {"completion", "context", "engine", "model", "signature", "testing", "workspace",
        "source", "prompt", "cancel", "typing", "backends", "corpora"}) {
      ArchRule rule = noClasses().that().resideOutsideOfPackage("dev.coclone." + feature + "..")
          .should().dependOnClassesThat().resideInAPackage("dev.coclone." + feature + ".internal..")
          .as(feature + ".internal is used only by " + feature);
      rule.check(core);
    }
  }

  @Test
  void modelKnowsNothingOfCompletionOrItsCallers() {
    noClasses().that().resideInAPackage("dev.coclone.model..").should().dependOnClassesThat()
        .resideInAnyPackage("dev.coclone.completion..", "dev.coclone.engine..", "dev.coclone.backends..",
            "dev.coclone.signature..", "dev.coclone.context..")
        .check(core);
  }

  @Test
  void engineKeepsNoPerCorpusDataInStaticMaps() {
    // What is derived from a corpus lives beside it (CorpusDeclarations), reached through the engine's state.
    noFields().that().areStatic().and().areDeclaredInClassesThat().resideInAPackage("dev.coclone.engine..")
        .should().haveRawType(assignableTo(java.util.Map.class))
        .as("the engine keeps no static maps (per-corpus data belongs to the corpus's holder)").check(core);
  }

  @Test
  void coreHasNoNetty() {
    noClasses().should().dependOnClassesThat().resideInAPackage("io.netty..").check(core);
  }
}
