package dev.coclone.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LineIndexTest {
  @Test
  void convertsBetweenOffsetsAndLinesAndColumns() {
    String text = "ab\n\ncde\n";
    LineIndex lines = LineIndex.of(text);
    assertEquals(4, lines.lineCount(), "the text ends with a line break, so the last line is empty");
    assertEquals(0, lines.start(1));
    assertEquals(2, lines.end(1));
    assertEquals(3, lines.start(2));
    assertEquals(3, lines.end(2));
    assertEquals("cde", text.substring(lines.start(3), lines.end(3)));
    assertEquals(text.length(), lines.end(4));
    assertEquals(1, lines.line(0));
    assertEquals(1, lines.line(2), "the line break belongs to its line");
    assertEquals(3, lines.line(6));
    assertEquals(3, lines.column(6));
    assertEquals(4, lines.line(text.length()));
    assertEquals(1, LineIndex.of("").lineCount());
  }
}
