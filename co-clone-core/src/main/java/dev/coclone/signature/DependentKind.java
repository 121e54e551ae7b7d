package dev.coclone.signature;

/** How a site depends on a declaration. */
public enum DependentKind {
  /** {@code f(...)}, {@code obj.f(...)}. */
  CALL,
  /** {@code super.f(...)}. */
  SUPER_CALL,
  /** {@code new C(...)}, {@code this(...)}, {@code super(...)} in a constructor. */
  CONSTRUCTOR_CALL,
  /** {@code C::f}. */
  METHOD_REFERENCE,
  /** A lambda whose target type is the changed functional interface ({@code (a, b) -> ...}). */
  LAMBDA,
  /** A method in a subtype that overrides or implements it. */
  OVERRIDE,
  /** The supertype method it overrides or implements (which must change with it). */
  OVERRIDDEN,
  /** A use that is not a call ({@code from m import f}, {@code callback = f}). */
  REFERENCE
}
