package dev.chorus.testkit.history;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Appends events to a history file, one JSON line each, and keeps the clock they are timed by.
 * Thread-safe: clients and the nemesis write to one history.
 */
public final class HistoryWriter implements AutoCloseable {
  private final BufferedWriter out;
  private final Path file;
  private final long origin = System.nanoTime();

  /** Creates (or truncates) {@code file}. */
  public HistoryWriter(Path file) {
    this.file = file;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create history " + file, e);
    }
  }

  /** Nanoseconds since this history began, on the monotonic clock. */
  public long now() {
    return System.nanoTime() - origin;
  }

  /** The file written. */
  public Path file() {
    return file;
  }

  /** Appends one event and flushes it, so a history survives the test dying. */
  public synchronized void append(Op op) {
    try {
      out.write(HistoryFormat.write(op));
      out.newLine();
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write history " + file, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close history " + file, e);
    }
  }
}
