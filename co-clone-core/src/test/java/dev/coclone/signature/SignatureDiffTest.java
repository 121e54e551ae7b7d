package dev.coclone.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.coclone.source.SourceFile;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SignatureDiffTest {
  /** Two anonymous classes of one type declare the same method: both have the key {@code Walk.new Iterator.next()}. */
  static final String WALK = """
      import java.util.Iterator;

      class Walk {
        Iterator<String> a() {
          return new Iterator<String>() {
            public boolean hasNext() { return false; }
            public String next() { return null; }
          };
        }

        Iterator<String> b() {
          return new Iterator<String>() {
            public boolean hasNext() { return false; }
            public String next() { return null; }
          };
        }

        String name(Object o, String dflt) { return dflt; }
      }
      """;

  @Test
  void sameKeyTwiceInOneFileIsNoChange() {
    SignatureTracker tracker = new SignatureTracker();
    tracker.changed(SourceFile.of("Walk.java", WALK));
    Detection d = tracker.detect(SourceFile.of("Walk.java",
        WALK.replace("String name(Object o, String dflt)", "String name(Object o, String dflt, int n)")));
    assertEquals(List.of("Walk.name(Object,String)"), d.reports().stream().map(r -> r.change().before().key())
        .collect(Collectors.toList()));
    assertEquals(List.of(ChangeKind.PARAMETER_ADDED), d.reports().get(0).change().kinds());
  }
}
