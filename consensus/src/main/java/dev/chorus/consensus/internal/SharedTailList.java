package dev.chorus.consensus.internal;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable list whose appends share one backing array, as Go's slices do: appending to the
 * newest list of a family writes past its end in place (amortized O(1)), and only appending to an
 * older one, or cutting one back, copies. {@link LogState} is immutable and folded once per
 * durable event, so a plain copy on each append would cost O(log length) time and garbage per
 * write.
 *
 * <p>Safe to read from any thread once published: a list's slots {@code [0, size)} are written
 * before it exists and never again, and a list keeps the array it was made with in a final field.
 * Appends to one family are serialized by a lock on its shared {@link Tail}.
 */
final class SharedTailList<E> extends AbstractList<E> implements RandomAccess {
  /** The newest array of a family and how many of its slots are taken. */
  private static final class Tail {
    Object[] items;
    int used;

    Tail(Object[] items, int used) {
      this.items = items;
      this.used = used;
    }
  }

  private static final SharedTailList<Object> EMPTY = new SharedTailList<>(new Tail(new Object[0], 0), new Object[0], 0);

  private final Tail tail;
  private final Object[] items;
  private final int size;

  private SharedTailList(Tail tail, Object[] items, int size) {
    this.tail = tail;
    this.items = items;
    this.size = size;
  }

  /** {@code list} itself if it is one, otherwise a copy; null elements are refused. */
  @SuppressWarnings("unchecked")
  static <E> SharedTailList<E> copyOf(List<? extends E> list) {
    if (list instanceof SharedTailList<?> s) {
      return (SharedTailList<E>) s;
    }
    if (list.isEmpty()) {
      return (SharedTailList<E>) EMPTY;
    }
    Object[] a = List.copyOf(list).toArray();
    return new SharedTailList<>(new Tail(a, a.length), a, a.length);
  }

  /** This list followed by {@code more}. */
  SharedTailList<E> appendAll(List<? extends E> more) {
    if (more.isEmpty()) {
      return this;
    }
    Object[] add = List.copyOf(more).toArray();
    synchronized (tail) {
      if (tail.items == items && tail.used == size) {
        if (size + add.length > items.length) {
          tail.items = Arrays.copyOf(items, Math.max(size + add.length, Math.max(16, items.length * 2)));
        }
        System.arraycopy(add, 0, tail.items, size, add.length);
        tail.used = size + add.length;
        return new SharedTailList<>(tail, tail.items, tail.used);
      }
    }
    Object[] a = Arrays.copyOf(items, Math.max(16, (size + add.length) * 2));
    System.arraycopy(add, 0, a, size, add.length);
    return new SharedTailList<>(new Tail(a, size + add.length), a, size + add.length);
  }

  /** The first {@code n} elements; shares this list's array. */
  SharedTailList<E> prefix(int n) {
    if (n < 0 || n > size) {
      throw new IndexOutOfBoundsException("prefix of " + n + " from a list of " + size);
    }
    return n == size ? this : new SharedTailList<>(tail, items, n);
  }

  @Override
  @SuppressWarnings("unchecked")
  public E get(int index) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + " of a list of " + size);
    }
    return (E) items[index];
  }

  @Override
  public int size() {
    return size;
  }
}
