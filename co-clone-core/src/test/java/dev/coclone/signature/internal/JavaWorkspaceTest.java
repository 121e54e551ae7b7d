package dev.coclone.signature.internal;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.symbolsolver.javaparsermodel.JavaParserFacade;
import dev.coclone.source.SourceFile;
import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * JavaParser keeps a facade per type solver in a static map whose entries never expire; these
 * tests show that the trees a workspace resolved become garbage when its solver is replaced or
 * the workspace is closed.
 */
class JavaWorkspaceTest {
  private static final String TEXT = "package p;\nclass A {\n  int f(int x) { return f(x + 1); }\n}\n";
  private final JavaParser parser = new JavaParser(new ParserConfiguration()
      .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));

  private CompilationUnit parse() {
    return parser.parse(TEXT).getResult().orElseThrow();
  }

  /** Accepts a fresh tree of A.java and resolves its call, so the solver's caches know the tree. */
  private static void acceptAndResolve(JavaWorkspace w, CompilationUnit cu) {
    w.accept(SourceFile.of("p/A.java", TEXT), cu);
    MethodCallExpr call = cu.findFirst(MethodCallExpr.class).orElseThrow();
    assertTrue(w.facade().solve(call).isSolved());
  }

  /** Collects garbage until the reference is cleared, or fails after a timeout. */
  private static void awaitCollected(WeakReference<?> ref, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (ref.get() != null && System.nanoTime() < deadline) {
      System.gc();
      Thread.onSpinWait();
    }
    assertTrue(ref.get() == null, what + " is still reachable");
  }

  @Test
  void aClosedWorkspaceLetsGoOfItsTrees() throws InterruptedException {
    JavaWorkspace w = new JavaWorkspace();
    CompilationUnit cu = parse();
    acceptAndResolve(w, cu);
    WeakReference<CompilationUnit> tree = new WeakReference<>(cu);
    WeakReference<JavaParserFacade> facade = new WeakReference<>(w.facade());
    cu = null;
    w.close();
    w = null;
    awaitCollected(facade, "the closed workspace's solver facade");
    awaitCollected(tree, "a tree of the closed workspace");
  }

  @Test
  void aNewSolverGenerationLetsGoOfTheOldOne() throws InterruptedException {
    JavaWorkspace w = new JavaWorkspace();
    CompilationUnit first = parse();
    acceptAndResolve(w, first);
    WeakReference<CompilationUnit> tree = new WeakReference<>(first);
    WeakReference<JavaParserFacade> facade = new WeakReference<>(w.facade());
    first = null;
    // Replacing the file many times rebuilds the solver (every few hundred accepted files).
    for (int i = 0; i < 600; i++) {
      acceptAndResolve(w, parse());
    }
    awaitCollected(facade, "the previous generation's solver facade");
    awaitCollected(tree, "a tree replaced generations ago");
    assertNotNull(w.facade(), "the workspace still works");
    acceptAndResolve(w, parse());
  }
}
