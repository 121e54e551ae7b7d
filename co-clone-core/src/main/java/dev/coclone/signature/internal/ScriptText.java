package dev.coclone.signature.internal;

import dev.coclone.source.LineIndex;
import java.nio.charset.StandardCharsets;

/**
 * A file's text with the conversions tree-sitter needs: tree-sitter counts UTF-8 bytes, Java
 * strings count UTF-16 chars. Lines and columns are 1-based, columns in chars.
 */
final class ScriptText {
  private final String text;
  private final byte[] utf8;
  private final int[] charAtByte;
  private final LineIndex lines;

  ScriptText(String text) {
    this.text = text;
    this.utf8 = text.getBytes(StandardCharsets.UTF_8);
    this.charAtByte = new int[utf8.length + 1];
    int b = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      for (int k = 0; k < n && b + k < charAtByte.length; k++) {
        charAtByte[b + k] = i;
      }
      b += n;
      i += Character.charCount(cp);
    }
    charAtByte[utf8.length] = text.length();
    lines = LineIndex.of(text);
  }

  String text() {
    return text;
  }

  /** The UTF-16 offset of a UTF-8 byte offset. */
  int offset(int byteOffset) {
    return charAtByte[Math.max(0, Math.min(byteOffset, utf8.length))];
  }

  /** 1-based line of a char offset. */
  int line(int offset) {
    return lines.line(offset);
  }

  /** 1-based column (in chars) of a char offset. */
  int column(int offset) {
    return lines.column(offset);
  }

  /** The text of a line without its line break, trimmed. */
  String lineText(int line) {
    return text.substring(lines.start(line), lines.end(line)).trim();
  }

  /** The text between two char offsets on one line (runs of white space become one space), at most 200 chars. */
  String oneLine(int start, int end) {
    String s = text.substring(start, end).replaceAll("\\s+", " ").trim();
    return s.length() > 200 ? s.substring(0, 197) + "..." : s;
  }
}
