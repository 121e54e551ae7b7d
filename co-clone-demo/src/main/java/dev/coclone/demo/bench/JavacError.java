package dev.coclone.demo.bench;

/**
 * An error javac reported, on {@code line}. {@code fromLine} is where the code that explains it
 * starts: the same line for a call, the start of the try statement for a catch clause that no
 * longer fits its try block ({@link SignatureBench#foldCascades}).
 */
record JavacError(String path, long fromLine, long line, String code, String message) {
  /** javac's code for "exception X is never thrown in body of corresponding try statement". */
  static final String CATCH_CASCADE = "compiler.err.except.never.thrown.in.try";

  JavacError(String path, long line, String code, String message) {
    this(path, line, line, code, message);
  }

  boolean cascade() {
    return CATCH_CASCADE.equals(code);
  }

  /**
   * An error about overriding rather than calling: a method that no longer overrides what its
   * {@code @Override} says, a class that no longer implements an abstract method, an override
   * whose signature clashes with the supertype's.
   */
  boolean overrideError() {
    return isOverrideError(message);
  }

  static boolean isOverrideError(String message) {
    return message.contains("does not override or implement a method from a supertype")
        || message.contains("is not abstract and does not override abstract method")
        || message.contains("method does not override")
        || message.contains("cannot override") || message.contains("cannot implement")
        || message.contains("name clash:");
  }

  @Override
  public String toString() {
    return path + ":" + line + ": " + message;
  }
}
