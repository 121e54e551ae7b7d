package dev.coclone.demo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SignatureTableTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final SignatureTable table = new SignatureTable(new PrintStream(bytes, true, StandardCharsets.UTF_8),
      "javac", 2);

  private List<String> printed() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void metricsListPlainValuesInOrderAndLeaveArraysAndObjectsToTheJson() {
    ObjectNode json = new ObjectMapper().createObjectNode();
    json.put("recall", 0.995);
    json.putArray("misses").add("A.java:3");
    json.putObject("by_kind").put("CALL", 3);
    json.put("seed", 7);
    table.metrics(json);
    assertEquals(List.of("", String.format("%-34s %s", "metric", "value"), String.format("%-34s %s", "recall", "0.995"),
        String.format("%-34s %s", "seed", "7"), ""), printed());
  }

  @Test
  void listsCountEveryEntryAndPrintOnlyTheFirstOnes() {
    SiteMatch match = new SiteMatch();
    match.falseNegatives.addAll(List.of("a", "b", "c"));
    table.sites("override ", match);
    assertEquals(List.of("override misses (javac rejects, not found): 3", "  a", "  b",
        "override false positives (found, javac accepts): 0"), printed());
  }

  @Test
  void unfixedChangesShowTheirFirstFiveRemainingErrorsAndEveryRefusedEdit() {
    record Change(String name, int before, List<String> after, List<String> refused) {}
    List<String> seven = IntStream.rangeClosed(1, 7).mapToObj(i -> "B.java:" + i).toList();
    table.unfixed(List.of(new Change("A.run", 9, seven, List.of("stale")), new Change("A.go", 1, List.of("x"),
        List.of()), new Change("A.stop", 1, List.of("y"), List.of())), Change::name, Change::before, Change::after,
        Change::refused);
    assertEquals(List.of("changes with errors after their edits: 3", "  A.run: 9 -> 7", "    B.java:1", "    B.java:2",
        "    B.java:3", "    B.java:4", "    B.java:5", "    refused: stale", "  A.go: 1 -> 1", "    x"), printed());
  }

  @Test
  void aCheckerThatReportsRatherThanRejectsSaysSoInTheMissesHeading() {
    SignatureTable pyright = new SignatureTable(new PrintStream(bytes, true, StandardCharsets.UTF_8), "pyright",
        "pyright reports", 2);
    pyright.sites("", List.of("a"), List.of());
    assertEquals(List.of("misses (pyright reports, not found): 1", "  a",
        "false positives (found, pyright accepts): 0"), printed());
  }
}
