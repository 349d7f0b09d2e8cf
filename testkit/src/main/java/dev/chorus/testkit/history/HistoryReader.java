package dev.chorus.testkit.history;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads a history file back; a malformed line is an error with its line number, never skipped. */
public final class HistoryReader {
  private HistoryReader() {}

  /** A line of a history file is not a valid event. */
  public static final class MalformedHistoryException extends RuntimeException {
    private final int line;

    MalformedHistoryException(Path file, int line, String problem) {
      super(file + ":" + line + ": " + problem);
      this.line = line;
    }

    /** The 1-based line number. */
    public int line() {
      return line;
    }
  }

  /** Every event of {@code file}, in order. Blank lines are allowed. */
  public static List<Op> read(Path file) throws IOException {
    List<Op> ops = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int n = 0;
      for (String line; (line = in.readLine()) != null; ) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        try {
          ops.add(HistoryFormat.read(line));
        } catch (IllegalArgumentException e) {
          throw new MalformedHistoryException(file, n, e.getMessage());
        }
      }
    }
    return ops;
  }
}
