package dev.coclone.engine.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DeclarationSiteTest {
  @Test
  void aNameAfterATypeOrPrimitiveIsDeclared() {
    assertTrue(DeclarationSite.javaNameDeclared("(", "IOException")); // catch (IOException e
    assertTrue(DeclarationSite.javaNameDeclared(",", "int")); // int len
    assertTrue(DeclarationSite.javaNameDeclared("[", "]")); // byte[] buf
    assertTrue(DeclarationSite.javaNameDeclared("String", ">")); // List<String> names
    assertTrue(DeclarationSite.javaNameDeclared("?", ">")); // Class<?> type
  }

  @Test
  void aNameAfterAKeywordOperatorOrComparisonIsNot() {
    assertFalse(DeclarationSite.javaNameDeclared("", "return")); // return value
    assertFalse(DeclarationSite.javaNameDeclared("x", "instanceof")); // instanceof Foo
    assertFalse(DeclarationSite.javaNameDeclared("size", ">")); // size > limit
    assertFalse(DeclarationSite.javaNameDeclared("x", "=")); // x = y
    assertFalse(DeclarationSite.javaNameDeclared("", "")); // a line's start
  }
}
