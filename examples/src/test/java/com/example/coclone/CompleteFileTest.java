package com.example.coclone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coclone.completion.Completion;
import dev.coclone.completion.FinishReason;
import dev.coclone.source.CompletionMode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The consumer prints the suggestion, or why there is none (it printed a bare "(no suggestion)"). */
class CompleteFileTest {
  private static Completion completion(String text, String reason) {
    return new Completion(text, FinishReason.STOP, CompletionMode.SINGLE_LINE, Duration.ZERO, Duration.ZERO, 0, 0,
        "embedded", "co-clone-ngram", List.of(), List.of(text), reason);
  }

  @Test
  void anEmptyAnswerSaysWhy() {
    assertEquals("(no suggestion: no continuation was likely enough)",
        CompleteFile.answer(completion("", "no continuation was likely enough")));
    assertEquals("return a + b", CompleteFile.answer(completion("return a + b", "")));
  }
}
