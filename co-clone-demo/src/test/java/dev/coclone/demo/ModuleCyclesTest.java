package dev.coclone.demo;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * No package cycles in the netty and demo modules (core has its own rules in its
 * ArchitectureTest): each package is a slice of its own, so the server framework
 * ({@code dev.coclone.netty}) must not reach back into the features built on it, nor the launcher
 * into its benches' users.
 */
class ModuleCyclesTest {

  private static JavaClasses load(String pkg) {
    return new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(pkg);
  }

  @Test
  void nettyPackagesAreFreeOfCycles() {
    slices().assignedFrom(new PackageSlices()).should().beFreeOfCycles().check(load("dev.coclone.netty"));
  }

  @Test
  void demoPackagesAreFreeOfCycles() {
    slices().assignedFrom(new PackageSlices()).should().beFreeOfCycles().check(load("dev.coclone.demo"));
  }

  /** Every package its own slice, including the module's base package. */
  private static final class PackageSlices implements SliceAssignment {
    @Override
    public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
      return SliceIdentifier.of(javaClass.getPackageName());
    }

    @Override
    public String getDescription() {
      return "one slice per package";
    }
  }
}
