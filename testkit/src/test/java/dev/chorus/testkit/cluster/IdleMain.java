package dev.chorus.testkit.cluster;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A node main for launcher tests: records its pid in its data directory and waits. Exits with
 * status 7 when its data directory holds a file named {@code exit-now}.
 */
public final class IdleMain {
  private IdleMain() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    Files.createDirectories(dataDir);
    Files.writeString(dataDir.resolve("pid"), Long.toString(ProcessHandle.current().pid()));
    for (int i = 0; i < 6000; i++) {
      if (Files.exists(dataDir.resolve("exit-now"))) {
        Files.delete(dataDir.resolve("exit-now"));
        System.exit(7);
      }
      Thread.sleep(100);
    }
  }
}
