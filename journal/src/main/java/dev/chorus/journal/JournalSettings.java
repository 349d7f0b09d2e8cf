package dev.chorus.journal;

import com.typesafe.config.Config;
import dev.chorus.core.NodeSettings;
import dev.chorus.core.SettingsReader;
import java.nio.file.Path;

/**
 * The validated {@code chorus.journal.file} settings.
 *
 * @param dir the directory of the segment files
 * @param segmentSizeBytes size at which a segment is closed and a new one started
 * @param fsync whether writes complete only after they are forced to disk
 * @param maxBatchBytes the most bytes one group commit appends before its fsync
 * @param maxRecordSizeBytes the largest record (one AtomicWrite) accepted
 */
public record JournalSettings(Path dir, long segmentSizeBytes, boolean fsync, long maxBatchBytes,
    int maxRecordSizeBytes) {

  /** The plugin's configuration section. */
  public static final String PREFIX = "chorus.journal.file";

  private static final long KIB = 1024;
  private static final long MIB = 1024 * KIB;

  /**
   * Reads the settings.
   *
   * @param plugin the plugin's section, as Pekko hands it to the plugin
   * @param system the actor system's whole configuration, for {@code chorus.node.data-dir}
   * @throws dev.chorus.core.ChorusConfigException naming the first wrong key
   */
  public static JournalSettings fromConfig(Config plugin, Config system) {
    SettingsReader r = new SettingsReader(plugin.atPath(PREFIX), PREFIX);
    Path dir = r.optionalNonBlankString("dir").map(Path::of)
        .orElseGet(() -> NodeSettings.fromConfig(system).dataDir().resolve("journal"));
    long segment = r.bytesBetween("segment-size", MIB, 1024 * MIB);
    long batch = r.bytesBetween("max-batch-bytes", 64 * KIB, 1024 * MIB);
    int record = (int) r.bytesBetween("max-record-size", KIB, 256 * MIB);
    return new JournalSettings(dir, segment, r.bool("fsync"), batch, record);
  }

  /** Settings for a journal in {@code dir} with the defaults of reference.conf. */
  public static JournalSettings defaults(Path dir) {
    return new JournalSettings(dir, 64 * MIB, true, 4 * MIB, (int) (16 * MIB));
  }

  /** The same settings with another segment size (tests use small segments). */
  public JournalSettings withSegmentSize(long bytes) {
    return new JournalSettings(dir, bytes, fsync, maxBatchBytes, maxRecordSizeBytes);
  }

  /** The same settings with fsync on or off. */
  public JournalSettings withFsync(boolean on) {
    return new JournalSettings(dir, segmentSizeBytes, on, maxBatchBytes, maxRecordSizeBytes);
  }
}
