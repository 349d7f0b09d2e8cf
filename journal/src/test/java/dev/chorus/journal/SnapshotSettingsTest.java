package dev.chorus.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.chorus.core.ChorusConfig;
import dev.chorus.core.ChorusConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SnapshotSettingsTest {

  @Test
  void defaultsToSnapshotsUnderTheDataDirWithFsync() {
    SnapshotSettings settings = read("chorus.node.data-dir = \"/var/chorus/n1\"");
    assertEquals(Path.of("/var/chorus/n1", "snapshots"), settings.dir());
    assertTrue(settings.fsync());
  }

  @Test
  void readsAnExplicitDirAndFsyncOff() {
    SnapshotSettings settings = read("""
        chorus.snapshot.file.dir = "/elsewhere/snaps"
        chorus.snapshot.file.fsync = off
        """);
    assertEquals(Path.of("/elsewhere/snaps"), settings.dir());
    assertFalse(settings.fsync());
  }

  @Test
  void badFsyncNamesTheFullKey() {
    ChorusConfigException e = assertThrows(ChorusConfigException.class,
        () -> read("chorus.snapshot.file.fsync = maybe"));
    assertEquals("chorus.snapshot.file.fsync", e.key());
    assertTrue(e.getMessage().contains("chorus.snapshot.file.fsync"), e.getMessage());
  }

  @Test
  void blankDirNamesTheFullKey() {
    ChorusConfigException e = assertThrows(ChorusConfigException.class,
        () -> read("chorus.snapshot.file.dir = \"  \""));
    assertEquals("chorus.snapshot.file.dir", e.key());
  }

  private static SnapshotSettings read(String application) {
    Config system = ChorusConfig.withDefaults(ConfigFactory.parseString(application));
    return SnapshotSettings.fromConfig(system.getConfig(SnapshotSettings.PREFIX), system);
  }
}
