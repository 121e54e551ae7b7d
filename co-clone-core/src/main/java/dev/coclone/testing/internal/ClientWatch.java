package dev.coclone.testing.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Reads a client socket on its own thread so the server learns at once when the client goes
 * away, even while it is waiting to send the next token or stalling on purpose. The bytes read
 * are handed to the request parser through {@link #input()}. The moment the client went away is
 * noted on this thread, as the read sees it, and told to a callback there: not when the thread
 * that plays the reply next looks.
 */
public final class ClientWatch implements Runnable {
  private static final byte[] EOF = new byte[0];

  private final InputStream socketIn;
  private final LongConsumer onGone;
  private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
  private final CountDownLatch gone = new CountDownLatch(1);

  /**
   * Watches a socket's input stream; start it on a thread.
   *
   * @param socketIn the socket's input
   */
  public ClientWatch(InputStream socketIn) {
    this(socketIn, at -> {});
  }

  /**
   * Watches a socket's input stream; start it on a thread.
   *
   * @param socketIn the socket's input
   * @param onGone   told on the watching thread, with {@link System#nanoTime()} of the moment the
   *                 read saw the end of the connection, when the client goes away; must not block
   */
  public ClientWatch(InputStream socketIn, LongConsumer onGone) {
    this.socketIn = socketIn;
    this.onGone = onGone;
  }

  @Override
  public void run() {
    byte[] buf = new byte[8192];
    try {
      int n;
      while ((n = socketIn.read(buf)) >= 0) {
        byte[] copy = new byte[n];
        System.arraycopy(buf, 0, copy, 0, n);
        chunks.add(copy);
      }
    } catch (IOException closed) {
      // The socket was closed by either side: the client is gone.
    } finally {
      long at = System.nanoTime();
      try {
        onGone.accept(at);
      } finally {
        gone.countDown();
        chunks.add(EOF);
      }
    }
  }

  /** True once the client closed its side or the socket broke. */
  public boolean clientGone() {
    return gone.getCount() == 0;
  }

  /**
   * Waits up to the given time for the client to go away.
   *
   * @param millis how long to wait
   * @return true if the client is gone
   * @throws InterruptedException if interrupted
   */
  public boolean awaitGone(long millis) throws InterruptedException {
    return gone.await(millis, TimeUnit.MILLISECONDS);
  }

  /** The bytes the client sent, as a stream; ends when the client goes away. */
  public InputStream input() {
    return new InputStream() {
      private byte[] current = new byte[0];
      private int pos;
      private boolean eof;

      @Override
      public int read() throws IOException {
        if (!fill()) {
          return -1;
        }
        return current[pos++] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        if (!fill()) {
          return -1;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        return n;
      }

      private boolean fill() throws IOException {
        while (!eof && pos >= current.length) {
          try {
            byte[] next = chunks.take();
            if (next == EOF) {
              eof = true;
              chunks.add(EOF);
            } else {
              current = next;
              pos = 0;
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
          }
        }
        return !eof || pos < current.length;
      }
    };
  }
}
