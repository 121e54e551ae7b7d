package dev.coclone.engine.internal;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The engine's index on disk: a magic number, a format version, the corpus arrays, a fingerprint
 * of every indexed file, and a CRC32C of everything before it. A file with another version, a bad
 * checksum or a short read is refused with the reason, and the caller rebuilds.
 */
public final class Snapshot {
  /** Bump whenever the lexer, the vocabulary or the layout of the arrays changes. */
  public static final int FORMAT = 2;
  private static final long MAGIC = 0x43_43_45_4e_47_49_4e_45L; // "CCENGINE"

  private Snapshot() {}

  /**
   * What was saved: the corpus, the fingerprint of each indexed file and the build's counters.
   *
   * @param corpus       the corpus
   * @param fingerprints path to {@link #fingerprint} of its text
   * @param counters     files, skipped, lines, tokens, vocabulary, build millis, bytes estimate
   */
  public record Saved(Corpus corpus, Map<String, Long> fingerprints, long[] counters) {}

  /** A 64-bit fingerprint of a file's text (the first 8 bytes of its SHA-256). */
  public static long fingerprint(String text) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return java.nio.ByteBuffer.wrap(d).getLong();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** Writes atomically: to a temporary file in the same folder, then moved over the target. */
  public static void write(Path file, Saved s) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
    try {
      CRC32C crc = new CRC32C();
      try (OutputStream raw = Files.newOutputStream(tmp);
           CheckedOutputStream checked = new CheckedOutputStream(raw, crc);
           DataOutputStream out = new DataOutputStream(new BufferedOutputStream(checked, 1 << 16))) {
        Corpus c = s.corpus();
        out.writeLong(MAGIC);
        out.writeInt(FORMAT);
        List<String> texts = c.vocab().texts();
        out.writeInt(texts.size());
        for (String t : texts) {
          byte[] b = t.getBytes(StandardCharsets.UTF_8);
          out.writeInt(b.length);
          out.write(b);
        }
        ints(out, c.index().reversed());
        ints(out, c.index().suffixArray());
        if (c.index().reversedAsWritten() == c.index().reversed()) {
          out.writeInt(-1);
        } else {
          ints(out, c.index().reversedAsWritten());
        }
        ints(out, c.unigram());
        out.writeLong(c.tokens());
        c.spacing().write(out);
        ints(out, c.fileStarts());
        out.writeInt(c.fileIndex().size());
        for (Map.Entry<String, Integer> e : c.fileIndex().entrySet()) {
          out.writeUTF(e.getKey());
          out.writeInt(e.getValue());
        }
        out.writeLong(c.lines());
        out.writeInt(s.fingerprints().size());
        for (Map.Entry<String, Long> e : s.fingerprints().entrySet()) {
          out.writeUTF(e.getKey());
          out.writeLong(e.getValue());
        }
        out.writeInt(s.counters().length);
        for (long v : s.counters()) {
          out.writeLong(v);
        }
        out.flush();
        raw.write(java.nio.ByteBuffer.allocate(8).putLong(crc.getValue()).array());
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Reads a snapshot.
   *
   * @param file the file
   * @return what was saved
   * @throws IOException with the reason when the file is missing, of another version, or corrupt
   */
  public static Saved read(Path file) throws IOException {
    java.nio.ByteBuffer buf;
    try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file)) {
      long size = ch.size();
      if (size < 20) {
        throw new IOException("the file is cut short (the file is corrupt)");
      }
      buf = ch.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, size);
    }
    try {
      CRC32C crc = new CRC32C();
      crc.update(buf.slice(0, buf.limit() - 8));
      if (buf.getLong(buf.limit() - 8) != crc.getValue()) {
        throw new IOException("checksum mismatch (the file is corrupt)");
      }
      if (buf.getLong() != MAGIC) {
        throw new IOException("not an engine index");
      }
      int format = buf.getInt();
      if (format != FORMAT) {
        throw new IOException("index format " + format + ", this version reads " + FORMAT);
      }
      Vocabulary vocab = new Vocabulary();
      int n = count(buf);
      for (int i = 0; i < n; i++) {
        byte[] b = new byte[count(buf)];
        buf.get(b);
        String t = new String(b, StandardCharsets.UTF_8);
        if (i >= vocab.size() && vocab.id(t) != i) {
          throw new IOException("vocabulary entry " + i + " is repeated");
        }
      }
      int[] rev = ints(buf);
      int[] sa = ints(buf);
      int[] written = buf.getInt(buf.position()) == -1 ? null : ints(buf);
      if (written == null) {
        buf.getInt();
        written = rev;
      }
      int[] unigram = ints(buf);
      long tokens = buf.getLong();
      PairSpacing spacing = PairSpacing.read(new DataInputStream(new ByteBufferInput(buf)));
      int[] fileStarts = ints(buf);
      int files = count(buf);
      Map<String, Integer> fileIndex = new HashMap<>();
      for (int i = 0; i < files; i++) {
        fileIndex.put(utf(buf), buf.getInt());
      }
      long lines = buf.getLong();
      int prints = count(buf);
      Map<String, Long> fingerprints = new HashMap<>();
      for (int i = 0; i < prints; i++) {
        fingerprints.put(utf(buf), buf.getLong());
      }
      long[] counters = new long[count(buf)];
      for (int i = 0; i < counters.length; i++) {
        counters[i] = buf.getLong();
      }
      if (rev.length != sa.length || written.length != rev.length || unigram.length != vocab.size()) {
        throw new IOException("arrays do not match the vocabulary");
      }
      Corpus c = new Corpus(vocab, SuffixIndex.of(rev, sa, written), unigram, tokens, spacing, fileStarts,
          Map.copyOf(fileIndex), lines);
      return new Saved(c, fingerprints, counters);
    } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
      throw new IOException("the file is cut short (the file is corrupt)", e);
    }
  }

  /** Reads a string written by {@link DataOutputStream#writeUTF} (modified UTF-8; paths have no NULs). */
  private static String utf(java.nio.ByteBuffer buf) throws IOException {
    int len = buf.getShort() & 0xffff;
    byte[] b = new byte[len];
    buf.get(b);
    return new DataInputStream(new java.io.ByteArrayInputStream(
        java.nio.ByteBuffer.allocate(len + 2).putShort((short) len).put(b).array())).readUTF();
  }

  private static int count(java.nio.ByteBuffer buf) throws IOException {
    int n = buf.getInt();
    if (n < 0 || n > 1 << 30) {
      throw new IOException("bad length " + n + " (the file is corrupt)");
    }
    return n;
  }

  private static int[] ints(java.nio.ByteBuffer buf) throws IOException {
    int[] a = new int[count(buf)];
    buf.asIntBuffer().get(a);
    buf.position(buf.position() + 4 * a.length);
    return a;
  }

  /** An InputStream over a ByteBuffer's remaining bytes, advancing it. */
  private static final class ByteBufferInput extends InputStream {
    private final java.nio.ByteBuffer buf;

    ByteBufferInput(java.nio.ByteBuffer buf) {
      this.buf = buf;
    }

    @Override
    public int read() {
      return buf.hasRemaining() ? buf.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (!buf.hasRemaining()) {
        return -1;
      }
      int n = Math.min(len, buf.remaining());
      buf.get(b, off, n);
      return n;
    }
  }

  private static void ints(DataOutputStream out, int[] a) throws IOException {
    out.writeInt(a.length);
    for (int v : a) {
      out.writeInt(v);
    }
  }

}
