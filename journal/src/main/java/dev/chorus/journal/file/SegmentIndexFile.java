package dev.chorus.journal.file;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The index file of a sealed segment ({@code <segment>.seg.idx}): every record's persistence id,
 * sequence range and position, so that start-up reads a small file instead of the whole segment.
 * It carries the segment's size and a CRC32C; one that is missing, damaged or stale is ignored and
 * rebuilt from the segment.
 */
final class SegmentIndexFile {
  private static final int MAGIC = 0x43484958; // "CHIX"

  private SegmentIndexFile() {}

  static void write(Path segmentPath, long segmentSize, List<IndexEntry> entries, boolean fsync) throws IOException {
    int size = 4 + 8 + 4 + 4;
    for (IndexEntry e : entries) {
      size += 2 + e.persistenceId().getBytes(StandardCharsets.UTF_8).length + 8 + 8 + 8 + 4;
    }
    ByteBuffer out = ByteBuffer.allocate(size).putInt(MAGIC).putLong(segmentSize).putInt(entries.size());
    for (IndexEntry e : entries) {
      byte[] pid = e.persistenceId().getBytes(StandardCharsets.UTF_8);
      out.putShort((short) pid.length).put(pid).putLong(e.fromSequenceNr()).putLong(e.toSequenceNr())
          .putLong(e.offset()).putInt(e.frameLength());
    }
    out.putInt(Frame.crc(out.array(), 0, size - 4));
    Path index = Segment.indexPath(segmentPath);
    Path tmp = index.resolveSibling(index.getFileName() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      ch.write(out.flip());
      if (fsync) {
        ch.force(true);
      }
    }
    Files.move(tmp, index, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The entries, or empty if the file is missing, damaged, or describes another segment size. */
  static Optional<List<IndexEntry>> read(Path segmentPath, long segmentId, long segmentSize) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(Segment.indexPath(segmentPath));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
    if (bytes.length < 20 || Frame.crc(bytes, 0, bytes.length - 4)
        != ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt()) {
      return Optional.empty();
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(bytes, 0, bytes.length - 4);
      if (in.getInt() != MAGIC || in.getLong() != segmentSize) {
        return Optional.empty();
      }
      int count = in.getInt();
      List<IndexEntry> entries = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        byte[] pid = new byte[Short.toUnsignedInt(in.getShort())];
        in.get(pid);
        entries.add(new IndexEntry(new String(pid, StandardCharsets.UTF_8), in.getLong(), in.getLong(),
            segmentId, in.getLong(), in.getInt()));
      }
      return in.hasRemaining() ? Optional.empty() : Optional.of(entries);
    } catch (BufferUnderflowException e) {
      return Optional.empty();
    }
  }
}
