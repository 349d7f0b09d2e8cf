package dev.chorus.journal.snapshot;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.persistence.SnapshotMetadata;

/**
 * The names of one persistence id's snapshot files:
 * {@code snapshot-<encoded persistence id>-<sequenceNr>-<timestamp>.snap}, so that listing a
 * directory tells every snapshot's metadata without opening a file.
 *
 * <p>The persistence id is percent-encoded byte by byte (UTF-8), keeping only lower-case letters,
 * digits, {@code -}, {@code _} and {@code .}. Upper-case letters are encoded too, so two ids that
 * differ only in case never collide on a case-insensitive file system (macOS, Windows), and
 * {@code /}, {@code |} or non-ASCII characters can never form a path. The encoded id may contain
 * {@code -}; names are parsed from the right, where only digits may follow. Immutable.
 */
final class SnapshotFileNames {
  private static final String PREFIX = "snapshot-";
  private static final String SUFFIX = ".snap";
  private static final String TEMP_SUFFIX = ".tmp";
  /** The longest file name that common file systems (ext4, xfs, APFS, NTFS) accept. */
  private static final int MAX_NAME_CHARS = 255;
  private static final Pattern TAIL = Pattern.compile("(\\d{1,19})-(\\d{1,19})\\.snap");
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private final String persistenceId;
  private final String prefix;

  /** The names of {@code persistenceId}'s snapshot files. */
  SnapshotFileNames(String persistenceId) {
    this.persistenceId = persistenceId;
    this.prefix = PREFIX + encode(persistenceId) + "-";
  }

  /**
   * The file name of a snapshot.
   *
   * @throws IllegalArgumentException if a number is negative or the name would be too long
   */
  String name(long sequenceNr, long timestamp) {
    if (sequenceNr < 0 || timestamp < 0) {
      throw new IllegalArgumentException("Snapshot of " + persistenceId + " has a negative"
          + " sequenceNr (" + sequenceNr + ") or timestamp (" + timestamp + ")");
    }
    String name = prefix + sequenceNr + "-" + timestamp + SUFFIX;
    if (name.length() > MAX_NAME_CHARS) {
      throw new IllegalArgumentException("Persistence id '" + persistenceId + "' is too long for"
          + " a snapshot file name (" + name.length() + " > " + MAX_NAME_CHARS + " characters)");
    }
    return name;
  }

  /** The metadata of a snapshot of this persistence id, or empty for any other file name. */
  Optional<SnapshotMetadata> parse(String fileName) {
    if (!fileName.startsWith(prefix)) {
      return Optional.empty();
    }
    // Only "<digits>-<digits>.snap" may follow, so the file of an id that merely starts with this
    // one's encoding (such as "a-1" for "a") never matches.
    Matcher tail = TAIL.matcher(fileName).region(prefix.length(), fileName.length());
    if (!tail.matches()) {
      return Optional.empty();
    }
    try {
      long sequenceNr = Long.parseLong(tail.group(1));
      long timestamp = Long.parseLong(tail.group(2));
      return Optional.of(new SnapshotMetadata(persistenceId, sequenceNr, timestamp));
    } catch (NumberFormatException tooLarge) {
      // 19 digits can exceed Long.MAX_VALUE: not a name this store ever writes.
      return Optional.empty();
    }
  }

  /** A fresh, unique name for a file being written. */
  static String tempName() {
    return PREFIX + UUID.randomUUID() + TEMP_SUFFIX;
  }

  /** Whether {@code fileName} is a file being written, or left behind by a crash mid-save. */
  static boolean isTemp(String fileName) {
    return fileName.startsWith(PREFIX) && fileName.endsWith(TEMP_SUFFIX);
  }

  static String encode(String persistenceId) {
    StringBuilder out = new StringBuilder(persistenceId.length());
    for (byte b : persistenceId.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (isKept(c)) {
        out.append((char) c);
      } else {
        out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  private static boolean isKept(int c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
  }
}
