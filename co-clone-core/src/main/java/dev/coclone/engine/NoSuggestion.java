package dev.coclone.engine;

/** Why the embedded engine showed nothing: it would rather be silent than wrong. */
public enum NoSuggestion {
  /** It has learned nothing yet (no index, no edited files) and the file is empty. */
  NOTHING_LEARNED("the engine has learned nothing yet"),
  /** The cursor is in a comment: prose is not the engine's business. */
  IN_COMMENT("the cursor is in a comment"),
  /** No continuation was likely enough to show. */
  UNSURE("no continuation was likely enough"),
  /** The suggestion only repeated the code right before or after the cursor. */
  REPEATS("the suggestion repeated the code next to the cursor"),
  /** The suggestion re-opened a definition the file already has. */
  REDEFINES("the suggestion re-opened a definition that exists"),
  /** The suggestion used a name that is not in scope, or a member the class does not have. */
  OUT_OF_SCOPE("the suggestion used a name that is not in scope"),
  /** The file would parse worse with the suggestion than without it. */
  WORSENS_SYNTAX("the suggestion would break the syntax"),
  /** The suggestion made an object of a type that does not fit the variable it goes into. */
  WRONG_TYPE("the suggestion's type does not fit where it goes"),
  /** The call was canceled. */
  CANCELED("the call was canceled");

  private final String description;

  NoSuggestion(String description) {
    this.description = description;
  }

  /** A sentence for people ("the suggestion used a name that is not in scope"). */
  public String description() {
    return description;
  }
}
