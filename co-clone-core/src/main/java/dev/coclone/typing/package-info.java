/** Typing rhythm: learns a user's inter-keystroke intervals and says when a pause is likely. */
package dev.coclone.typing;
