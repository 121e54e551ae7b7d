package dev.coclone.demo.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a JFR recording of the proxy says, in a few lines: the methods the CPU samples were in
 * (self time), the first Co-Clone frame of each sample (which of our code the time is spent
 * under), and the classes allocated most by weight.
 */
final class JfrHotSpots {
  private JfrHotSpots() {}

  /**
   * Reads a recording.
   *
   * @param file the {@code .jfr} file
   * @param top  how many entries per list
   * @return {@code samples}, {@code self}, {@code under_co_clone}, {@code allocated_mb}
   * @throws IOException if the file cannot be read
   */
  static ObjectNode read(Path file, int top) throws IOException {
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> ours = new HashMap<>();
    Map<String, Long> allocated = new HashMap<>();
    long samples = 0;
    for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
      String type = e.getEventType().getName();
      if (type.equals("jdk.ExecutionSample")) {
        RecordedStackTrace st = e.getStackTrace();
        if (st == null || st.getFrames().isEmpty()) {
          continue;
        }
        samples++;
        List<RecordedFrame> frames = st.getFrames();
        self.merge(name(frames.get(0)), 1L, Long::sum);
        for (RecordedFrame f : frames) {
          if (f.getMethod().getType().getName().startsWith("dev.coclone.")) {
            ours.merge(name(f), 1L, Long::sum);
            break;
          }
        }
      } else if (type.equals("jdk.ObjectAllocationSample")) {
        allocated.merge(e.getClass("objectClass").getName(), e.getLong("weight"), Long::sum);
      }
    }
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("samples", samples);
    topShares(o.putObject("self"), self, samples, top);
    topShares(o.putObject("under_co_clone"), ours, samples, top);
    ObjectNode alloc = o.putObject("allocated_mb");
    allocated.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
        .forEach(en -> alloc.put(en.getKey(), Math.round(en.getValue() / 1e5) / 10.0));
    return o;
  }

  private static void topShares(ObjectNode into, Map<String, Long> counts, long total, int top) {
    counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(top)
        .forEach(en -> into.put(en.getKey(), String.format("%.1f %%", 100.0 * en.getValue() / Math.max(1, total))));
  }

  private static String name(RecordedFrame f) {
    String type = f.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
  }
}
