package dev.coclone.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * Every command's usage, wrapped at a terminal's width, keeps each word whole: picocli wraps where
 * Java's line breaker allows, which is also after the {@code .} of {@code ~/.m2} or the {@code ,} of
 * {@code NAME[,NAME...]}, and a path cut there cannot be copied from the help.
 */
class UsageWrapTest {
  /** Far wider than any line of the usage: nothing wraps, so its words are the whole ones. */
  private static final int UNWRAPPED = 1000;

  /** The usage of a command and of every subcommand under it, by qualified name. */
  private static void usages(CommandLine cl, Map<String, String> into) {
    into.put(cl.getCommandSpec().qualifiedName(), cl.getUsageMessage());
    cl.getSubcommands().values().forEach(sub -> usages(sub, into));
  }

  private static Map<String, String> usages(int width) {
    Map<String, String> all = new java.util.LinkedHashMap<>();
    usages(Main.commandLine(Map.<String, String>of()::get).setUsageHelpWidth(width), all);
    return all;
  }

  @ParameterizedTest
  @ValueSource(ints = {80, 100})
  void noWordOfAnyCommandsUsageIsSplitAcrossLines(int width) {
    Map<String, String> wide = usages(UNWRAPPED);
    Map<String, String> wrapped = usages(width);
    assertEquals(wide.keySet(), wrapped.keySet());
    assertTrue(wrapped.size() >= 15, "every command and subcommand: " + wrapped.keySet());
    List<String> split = new ArrayList<>();
    for (Map.Entry<String, String> e : wrapped.entrySet()) {
      Set<String> whole = new HashSet<>(Arrays.asList(wide.get(e.getKey()).split("\\s+")));
      String[] lines = e.getValue().split("\n");
      for (int i = 0; i < lines.length; i++) {
        for (String word : lines[i].trim().split("\\s+")) {
          if (!word.isEmpty() && !whole.contains(word)) {
            split.add(e.getKey() + ", line " + (i + 1) + ": '" + word + "' in\n" + lines[i]);
          }
        }
      }
    }
    assertTrue(split.isEmpty(), "pieces of words cut at width " + width + ":\n" + String.join("\n", split));
  }
}
