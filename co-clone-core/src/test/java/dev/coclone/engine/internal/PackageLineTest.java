package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PackageLineTest {
  @Test
  void theFoldersAfterTheSourceRootAreThePackage() {
    assertEquals("java.nio.channels", PackageLine.packageOf("java.base/java/nio/channels/Pipe.java"));
    assertEquals("com.acme.shop", PackageLine.packageOf("shop/src/main/java/com/acme/shop/Cart.java"));
    assertEquals("com.acme", PackageLine.packageOf("src/test/java/com/acme/CartTest.java"));
    assertEquals("org.x", PackageLine.packageOf("lib/src/org/x/Y.java"));
    assertNull(PackageLine.packageOf("Main.java"));
    assertNull(PackageLine.packageOf("src/Main.java"));
    assertNull(PackageLine.packageOf("my-app/Main.java"), "a folder that is no Java name is no package");
  }

  @Test
  void onThePackageLineTheRestIsTheFolders() {
    String path = "java.base/java/nio/channels/Pipe.java";
    assertEquals("age java.nio.channels;", PackageLine.rest("java", path, "pack", true));
    assertEquals(" java.nio.channels;", PackageLine.rest("java", path, "package", true));
    assertEquals("java.nio.channels;", PackageLine.rest("java", path, "package ", true));
    assertEquals("o.channels;", PackageLine.rest("java", path, "package java.ni", true));
    assertEquals(";", PackageLine.rest("java", path, "package java.nio.channels", true));
  }

  @Test
  void elsewhereOrAnotherPackageTypedNothing() {
    String path = "java.base/java/nio/channels/Pipe.java";
    assertNull(PackageLine.rest("java", path, "pack", false), "not the first line of code");
    assertNull(PackageLine.rest("java", path, "package sun.", true), "the user writes another package");
    assertNull(PackageLine.rest("java", path, "packages", true));
    assertNull(PackageLine.rest("java", path, "package java.nio.channels;", true));
    assertNull(PackageLine.rest("java", path, "import java.", true));
    assertNull(PackageLine.rest("python", "a/b/c.py", "pack", true));
  }
}
