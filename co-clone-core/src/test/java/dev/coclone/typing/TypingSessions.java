package dev.coclone.typing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Keystroke timing logs for the predictor's tests: a typist types real code, with in-word
 * intervals drawn log-normally around the typist's median (large typing studies report medians
 * of 150-300 ms and sigma near 0.4), a little longer after spaces and operators, and "thinking"
 * pauses (median 1.4 s) that happen more often after a dot, an opening bracket or Enter.
 * Seeded, so every run sees the same log.
 */
final class TypingSessions {
  /** One keystroke: the gap before the next key, and the key typed before the gap. */
  record Stroke(char key, long gapMillis, boolean pause) {}

  private TypingSessions() {}

  static List<Stroke> type(String text, double medianMillis, long seed) {
    Random random = new Random(seed);
    List<Stroke> strokes = new ArrayList<>();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      double pauseChance = switch (KeyClass.of(c)) {
        case DOT, OPEN, NEWLINE -> 0.45;
        case CLOSE -> 0.25;
        case SPACE, OTHER -> 0.08;
        case WORD -> 0.02;
      };
      boolean pause = random.nextDouble() < pauseChance;
      double gap;
      if (pause) {
        gap = 1400 * Math.exp(0.5 * random.nextGaussian());
      } else {
        double factor = KeyClass.of(c) == KeyClass.WORD ? 1.0 : 1.4;
        gap = medianMillis * factor * Math.exp(0.4 * random.nextGaussian());
      }
      strokes.add(new Stroke(c, Math.round(gap), pause));
    }
    return strokes;
  }

  static final String CODE = String.join("\n",
      "class TodoList {",
      "  constructor() {",
      "    this.todos = [];",
      "    this.nextId = 1;",
      "  }",
      "  add(title) {",
      "    const todo = new Todo(this.nextId++, title);",
      "    this.todos.push(todo);",
      "    return todo;",
      "  }",
      "  remove(id) {",
      "    this.todos = this.todos.filter(todo => todo.id !== id);",
      "  }",
      "  completed() {",
      "    return this.todos.filter(todo => todo.completed);",
      "  }",
      "}",
      "def sort_by_frequency(items):",
      "    counts = Counter(items)",
      "    return sorted(counts, key=lambda item: (-counts[item], item))",
      "");
}
