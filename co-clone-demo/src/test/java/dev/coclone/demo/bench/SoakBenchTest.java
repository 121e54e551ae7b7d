package dev.coclone.demo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code bench soak} in seconds instead of minutes: every part runs and reports; no timing is judged here. */
class SoakBenchTest {
  @Test
  @Timeout(180)
  void aShortSoakRunsEveryPartAndPrintsAVerdictPerCriterion() {
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(new SoakBench());
    cl.setOut(new PrintWriter(out, true));
    int exit = cl.execute("--minutes=0.05", "--cancels-per-second=20", "--baseline-seconds=1", "--flood-seconds=1",
        "--readers=2", "--reader-seconds=3");
    String text = out.toString();
    assertTrue(exit == 0 || exit == 1, "exit " + exit + ":\n" + text);
    for (String figure : List.of("cancels: 60 (30 answered, 30 unanswered)", "other streams finished: 3 of 3",
        "well-behaved GET /v1/info: baseline", "floods: ",
        "open-answer-reset flood on one connection: ", "the file: HTTP 200", "/healthz: ", "server heap: peak used")) {
      assertTrue(text.contains(figure), "missing '" + figure + "' in:\n" + text);
    }
    List<String> verdicts = text.lines().filter(l -> l.startsWith("PASS ") || l.startsWith("FAIL ")).toList();
    assertEquals(5, verdicts.size(), text);
    // What does not depend on the machine's speed must hold even in a short run.
    assertTrue(verdicts.get(0).startsWith("PASS (a)"), "cancels must never cost the connection:\n" + text);
    assertTrue(text.contains("connection open: true; reset limit hits: 0"), text);
    assertTrue(verdicts.get(3).startsWith("PASS (c) /healthz"), "the small-heap server must keep answering:\n" + text);
  }
}
