package dev.chorus.samples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.apache.pekko.http.javadsl.model.Uri;
import org.junit.jupiter.api.Test;

/** Which paths the fast path takes (the rest go to the routes). */
class KvFastPathTest {
  private static Optional<String> key(String path) {
    return KvFastPath.key(Uri.create("http://127.0.0.1:1" + path));
  }

  @Test
  void takesExactlyOneDecodedSegmentUnderKv() {
    assertEquals(Optional.of("k"), key("/kv/k"));
    assertEquals(Optional.of("k"), key("/kv/k?consistency=lease"));
    assertEquals(Optional.of("a b"), key("/kv/a%20b"));
    assertEquals(Optional.of("a/b"), key("/kv/a%2Fb"));
  }

  @Test
  void leavesEveryOtherPathToTheRoutes() {
    for (String path : new String[] {"/kv", "/kv/", "/kv/k/", "/kv//k", "/kv/k/cas", "/kvx/k", "/raft/kv", "/repl/kv/kv/k"}) {
      assertEquals(Optional.empty(), key(path), path);
    }
  }
}
