package dev.chorus.testkit.check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Records a run of a simple in-memory store under several clients, reproducibly from a seed.
 * Each operation takes effect atomically at one instant between its invocation and its
 * completion, so the history is linearizable and has every property the checkers check. Some
 * operations end in info: either lost before the store (no effect) or after it (took effect);
 * the client then continues under a new process id, as Jepsen's clients do.
 */
final class StoreRun {
  /** A store and its workload. */
  interface Store {
    /** What a client asks next. */
    Invocation next(Random random);

    /** Applies it atomically; the ok value, or {@link #FAILED}. */
    Object apply(Invocation invocation);
  }

  /** An operation a client invokes. */
  record Invocation(String f, String key, Object input) {}

  /** What {@link Store#apply} returns for an operation that certainly did not take effect. */
  static final Object FAILED = new Object();

  private final Random random;
  private final int clients;
  private final boolean overlapping;
  private final double infoRate;

  /**
   * @param overlapping whether clients' operations overlap in time; if not, one runs at a time
   * @param infoRate the chance that an operation ends in info, before and again after it applies
   */
  StoreRun(long seed, int clients, boolean overlapping, double infoRate) {
    this.random = new Random(seed);
    this.clients = clients;
    this.overlapping = overlapping;
    this.infoRate = infoRate;
  }

  /** Runs {@code operations} operations to completion; more events may be appended. */
  Histories run(Store store, int operations) {
    Histories h = Histories.history();
    Client[] all = new Client[clients];
    for (int i = 0; i < clients; i++) {
      all[i] = new Client(i);
    }
    long nextProcess = clients;
    int invoked = 0;
    int busy = 0;
    while (invoked < operations || busy > 0) {
      Client c = pick(all, busy);
      h.after(random.nextInt(10));
      if (c.pending == null) {
        if (invoked == operations) {
          continue;
        }
        c.pending = store.next(random);
        h.invoke(c.process, c.pending.f(), c.pending.key(), c.pending.input());
        invoked++;
        busy++;
      } else if (random.nextDouble() < infoRate) {
        h.info(c.process);
        c.done(nextProcess++);
        busy--;
      } else if (!c.applied) {
        c.result = store.apply(c.pending);
        c.applied = true;
      } else {
        if (c.result == FAILED) {
          h.fail(c.process);
        } else {
          h.ok(c.process, c.result);
        }
        c.done(c.process);
        busy--;
      }
    }
    return h;
  }

  private Client pick(Client[] all, int busy) {
    if (!overlapping && busy > 0) {
      for (Client c : all) {
        if (c.pending != null) {
          return c;
        }
      }
    }
    return all[random.nextInt(all.length)];
  }

  private static final class Client {
    long process;
    Invocation pending;
    boolean applied;
    Object result;

    Client(long process) {
      this.process = process;
    }

    void done(long nextProcess) {
      process = nextProcess;
      pending = null;
      applied = false;
      result = null;
    }
  }

  /**
   * Registers under keys, written and read at random. Writes get global versions: reported as
   * {@code {"value":..,"version":..}} (check with {@code Versions.field("version")}), or, with
   * {@code valueIsVersion}, written as the values themselves, drawn from a sequence when invoked;
   * that order is the store's only when operations do not overlap. Reads read one key, or with
   * {@code snapshots} every key at once, as {@code {key: what a read of it returns}}.
   */
  static final class Registers implements Store {
    private final List<String> keys;
    private final boolean snapshots;
    private final boolean valueIsVersion;
    private final Map<String, Object> state = new LinkedHashMap<>();
    private long version;

    Registers(List<String> keys, boolean snapshots, boolean valueIsVersion) {
      this.keys = keys;
      this.snapshots = snapshots;
      this.valueIsVersion = valueIsVersion;
      keys.forEach(k -> state.put(k, null));
    }

    @Override
    public Invocation next(Random random) {
      String key = keys.get(random.nextInt(keys.size()));
      if (random.nextBoolean()) {
        return new Invocation("write", key, valueIsVersion ? ++version : random.nextInt(100));
      }
      return new Invocation("read", snapshots ? null : key, null);
    }

    @Override
    public Object apply(Invocation op) {
      if (op.f().equals("read")) {
        return op.key() == null ? new LinkedHashMap<>(state) : state.get(op.key());
      }
      Object stored = valueIsVersion ? op.input() : Histories.versioned(op.input(), ++version);
      state.put(op.key(), stored);
      return stored;
    }
  }
}
