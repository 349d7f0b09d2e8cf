package dev.chorus.journal;

import com.typesafe.config.Config;
import dev.chorus.core.NodeSettings;
import dev.chorus.core.SettingsReader;
import java.nio.file.Path;

/**
 * The validated {@code chorus.snapshot.file} settings, read once when the snapshot-store plugin
 * starts.
 *
 * @param dir the directory of the snapshot files (created by the store if missing)
 * @param fsync whether a save completes only after the file and its directory are forced to disk
 */
public record SnapshotSettings(Path dir, boolean fsync) {

  /** The plugin's configuration section. */
  public static final String PREFIX = "chorus.snapshot.file";

  /**
   * Reads the settings.
   *
   * @param plugin the plugin's section, as Pekko hands it to the plugin
   * @param system the actor system's whole configuration, for {@code chorus.node.data-dir}
   * @throws dev.chorus.core.ChorusConfigException naming the first wrong key
   */
  public static SnapshotSettings fromConfig(Config plugin, Config system) {
    // Pekko hands over the section itself; re-rooting it makes errors name the full key.
    SettingsReader r = new SettingsReader(plugin.atPath(PREFIX), PREFIX);
    boolean fsync = r.bool("fsync");
    Path dir = r.optionalNonBlankString("dir").map(Path::of)
        .orElseGet(() -> NodeSettings.fromConfig(system).dataDir().resolve("snapshots"));
    return new SnapshotSettings(dir, fsync);
  }
}
