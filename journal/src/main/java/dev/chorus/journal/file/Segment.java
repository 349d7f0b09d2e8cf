package dev.chorus.journal.file;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One segment file: appended to by the writer thread only, read by any thread at offsets that the
 * index has published (positional reads on a FileChannel are thread-safe).
 */
final class Segment {
  final long id;
  final Path path;
  final FileChannel channel;
  private volatile long size;
  /** The entries of this segment, kept to write its index file when it is sealed. Writer-only. */
  final List<IndexEntry> entries = new ArrayList<>();

  private Segment(long id, Path path, FileChannel channel, long size) {
    this.id = id;
    this.path = path;
    this.channel = channel;
    this.size = size;
  }

  static String fileName(long id) {
    return String.format("%020d.seg", id);
  }

  static Path indexPath(Path segmentPath) {
    return segmentPath.resolveSibling(segmentPath.getFileName() + ".idx");
  }

  static Segment open(Path dir, long id) throws IOException {
    Path path = dir.resolve(fileName(id));
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    return new Segment(id, path, ch, ch.size());
  }

  long size() {
    return size;
  }

  /** Appends the buffer at the end; writer thread only. */
  void append(ByteBuffer buffer) throws IOException {
    long position = size;
    while (buffer.hasRemaining()) {
      position += channel.write(buffer, position);
    }
    size = position;
  }

  /** Cuts the file back to {@code length} bytes (a torn tail, or a failed batch). */
  void truncate(long length) throws IOException {
    channel.truncate(length);
    channel.force(true);
    size = length;
  }

  /** Reads {@code length} bytes at {@code offset}. */
  ByteBuffer read(long offset, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length);
    long position = offset;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position);
      if (n < 0) {
        throw new EOFException(path + " ends before offset " + (offset + length));
      }
      position += n;
    }
    return buffer.flip();
  }

  void close() throws IOException {
    channel.close();
  }
}
