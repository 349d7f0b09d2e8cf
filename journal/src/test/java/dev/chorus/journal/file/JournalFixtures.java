package dev.chorus.journal.file;

import dev.chorus.journal.JournalSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Helpers for journal store tests: events are the UTF-8 bytes of "pid-seq". */
final class JournalFixtures {
  private JournalFixtures() {}

  static JournalSettings settings(Path dir) {
    return JournalSettings.defaults(dir);
  }

  static byte[] event(String pid, long seq) {
    return (pid + "-" + seq).getBytes(StandardCharsets.UTF_8);
  }

  static JournalWrite write(String pid, long from, int count) {
    List<byte[]> payloads = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      payloads.add(event(pid, from + i));
    }
    return new JournalWrite(pid, from, payloads);
  }

  static void append(FileJournalStore store, JournalWrite... writes) {
    try {
      store.append(List.of(writes)).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("append failed", e);
    }
  }

  /** Sequence numbers replayed, checking that each payload is the one written for it. */
  static List<Long> replay(FileJournalStore store, String pid, long from, long to, long max) {
    List<Long> seqs = new ArrayList<>();
    try {
      store.replay(pid, from, to, max, (seq, payload) -> {
        String expected = pid + "-" + seq;
        String actual = new String(payload, StandardCharsets.UTF_8);
        if (!expected.equals(actual)) {
          throw new AssertionError("event " + seq + " of " + pid + " is '" + actual + "'");
        }
        seqs.add(seq);
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return seqs;
  }

  static List<Long> replayAll(FileJournalStore store, String pid) {
    return replay(store, pid, 1, Long.MAX_VALUE, Long.MAX_VALUE);
  }

  static List<Long> range(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long i = from; i <= to; i++) {
      out.add(i);
    }
    return out;
  }
}
