package dev.coclone.signature;

/** What changed in a signature. One change may have several kinds. */
public enum ChangeKind {
  /** The function's name changed (same parameters, same place). */
  RENAMED(true),
  /** A parameter was added; callers break unless it has a default. */
  PARAMETER_ADDED(true),
  /** A parameter was removed. */
  PARAMETER_REMOVED(true),
  /** Parameters kept their names but changed order. */
  PARAMETERS_REORDERED(true),
  /** A parameter kept its place and type but changed name (breaks keyword arguments only). */
  PARAMETER_RENAMED(true),
  /** A parameter lost its default or its {@code ?}: calls that leave it out must now pass it. */
  PARAMETER_REQUIRED(true),
  /** A parameter's type changed. */
  PARAMETER_TYPE_CHANGED(false),
  /** The return type changed. */
  RETURN_TYPE_CHANGED(false),
  /** Visibility, {@code static}, {@code async} or decorators changed. */
  MODIFIERS_CHANGED(false),
  /** A new overload sits beside the old declaration (nothing breaks; calls may now pick it). */
  OVERLOAD_ADDED(true),
  /** The declaration moved to another file or type with the same signature. */
  MOVED(false),
  /** The declaration is gone. */
  DELETED(false);

  private final boolean mechanical;

  ChangeKind(boolean mechanical) {
    this.mechanical = mechanical;
  }

  /**
   * True when every dependent site can be updated by a deterministic edit; false when a person or a
   * model has to decide (a changed type, a deleted function).
   */
  public boolean mechanical() {
    return mechanical;
  }
}
