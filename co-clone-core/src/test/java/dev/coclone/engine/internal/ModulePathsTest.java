package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ModulePathsTest {
  private static final Set<String> FILES = Set.of("src/operators/index.ts", "src/internal/operators/map.ts",
      "src/internal/util/lift.ts", "src/internal/types/index.ts", "src/app.js");

  private static ModulePaths at(String path) {
    return new ModulePaths("typescript", path, FILES);
  }

  @Test
  void aPathCopiedFromAnotherFolderNamesNoFile() {
    String line = "export { map } from './internal/operators/map';";
    assertEquals("./internal/operators/map", at("src/operators/index.ts").missing(line, 0));
  }

  @Test
  void pathsThatNameAFileOrAFolderWithAnIndexPass() {
    ModulePaths paths = at("src/operators/index.ts");
    assertNull(paths.missing("export { map } from '../internal/operators/map';", 0));
    assertNull(paths.missing("import type { T } from '../internal/types';", 0));
    assertNull(paths.missing("const lift = require('../internal/util/lift.js');", 0));
    assertNull(paths.missing("import('../app').then(start);", 0));
  }

  @Test
  void aMissingPathInsideRequireOrDynamicImportIsFound() {
    ModulePaths paths = at("src/operators/index.ts");
    assertEquals("./util/lift", paths.missing("const lift = require('./util/lift');", 0));
    assertEquals("./app", paths.missing("import('./app').then(start);", 0));
  }

  @Test
  void onlyLiteralsThatEndInTheSuggestionAreJudged() {
    String line = "import { a } from './nowhere'; import { map } from '../internal/operators/map';";
    int cursor = line.indexOf("import { map }");
    assertNull(at("src/operators/index.ts").missing(line, cursor));
    assertEquals("./nowhere", at("src/operators/index.ts").missing(line, 0));
  }

  @Test
  void packagesOtherLanguagesAndFilesOutsideTheIndexedTreeAreNotJudged() {
    assertNull(at("src/operators/index.ts").missing("import { map } from 'rxjs/operators';", 0));
    assertNull(new ModulePaths("python", "src/operators/x.py", FILES).missing("from './nowhere' import x", 0));
    assertFalse(ModulePaths.judges("java"));
    assertTrue(ModulePaths.judges("javascript") && ModulePaths.judges("typescript"));
    assertNull(at("scratch/new.ts").missing("import { map } from './nowhere';", 0));
    assertNull(at(null).missing("import { map } from './nowhere';", 0));
  }

  @Test
  void normalizeResolvesDotsAndRefusesToClimbAboveTheRoot() {
    assertEquals("src/internal/util/lift", ModulePaths.normalize("src/operators/../internal/./util/lift"));
    assertNull(ModulePaths.normalize("src/../../lift"));
  }
}
