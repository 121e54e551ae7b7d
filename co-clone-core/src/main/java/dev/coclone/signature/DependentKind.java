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
  REFERENCE,
  /**
   * A use of a call's result whose type the change altered (TypeScript: a removed parameter was the
   * only source of a type parameter of the result): a member read or called on the variable the
   * result is bound to, a declaration that states the result's type, or a {@code switch} clause
   * the result's members no longer narrow. No edit: the result's type cannot be restored there.
   */
  RESULT_USE
}
