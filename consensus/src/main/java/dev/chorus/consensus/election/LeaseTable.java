package dev.chorus.consensus.election;

import dev.chorus.consensus.LeaderClock;
import dev.chorus.core.Epoch;
import dev.chorus.core.spi.DataCodec;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Named leases with fencing tokens, as a deterministic state machine for a Raft log (Chorus's
 * {@code LeaderElection}; Pekko's own cluster leader is not used). The token of a grant is the
 * index of the log entry that granted it, so a newer holder always has a larger token than any
 * holder before it (Kleppmann, "How to do distributed locking", 2016; Burrows, "The Chubby lock
 * service", OSDI 2006, §2.4 sequencers).
 *
 * <p>Expiry is by the leaders' monotonic clock readings in the log ({@link LeaderClock}), never a
 * wall clock and never two nodes' clocks compared. A leader that takes over refreshes every live
 * lease to a whole time-to-live from its first entry, as etcd's lessor does on promotion, so it
 * never expires a lease earlier than its holder counts it held. A holder must also stop acting on
 * its own clock: {@link LeaseHolder} counts the lease lost once its time-to-live, minus a margin
 * for clock drift, has passed since it asked, whatever it has heard since.
 */
public final class LeaseTable {
  private record Lease(String holder, Epoch token, long expiresAt, long ttlMillis) {}

  private final TreeMap<String, Lease> leases = new TreeMap<>();
  private LeaderClock clock = new LeaderClock();

  /**
   * Starts a snapshot with the leader clock and each lease's time-to-live. The text format (the
   * second) started with {@link Long#MIN_VALUE} and a wall-clock reading; the first with that
   * reading, which starts at 0 and only grows, and held names of at most 65,535 bytes.
   */
  private static final long CLOCK_FORMAT = Long.MIN_VALUE + 1;
  private static final long TEXT_FORMAT = Long.MIN_VALUE;

  /** Applies the command committed at {@code index}. */
  public LeaseOutcome apply(long index, LeaseCommand command) {
    if (clock.advance(command.at().term(), command.at().millis())) {
      refreshLiveLeases();
    }
    long now = clock.now();
    Lease current = leases.get(command.name());
    boolean live = current != null && current.expiresAt() > now;
    if (command instanceof LeaseCommand.Acquire a) {
      if (live && !current.holder().equals(a.holder())) {
        return new LeaseOutcome.HeldByOther(a.name(), current.holder(), current.expiresAt());
      }
      Epoch token = live ? current.token() : Epoch.of(index);
      Lease granted = new Lease(a.holder(), token, now + a.ttlMillis(), a.ttlMillis());
      leases.put(a.name(), granted);
      return new LeaseOutcome.Granted(a.name(), a.holder(), token, granted.expiresAt());
    }
    if (live && current.holder().equals(command.holder())) {
      leases.remove(command.name());
    }
    return new LeaseOutcome.Released(command.name());
  }

  // etcd's lessor on promotion: every live lease gets a whole time-to-live from the new leader's
  // first entry, since the holder may have renewed just before the old leader fell silent.
  private void refreshLiveLeases() {
    long now = clock.now();
    leases.replaceAll((name, l) -> l.expiresAt() > now
        ? new Lease(l.holder(), l.token(), Math.max(l.expiresAt(), now + l.ttlMillis()), l.ttlMillis()) : l);
  }

  /** {@code name}'s lease as of the last applied entry's clock: who holds it, or released. */
  public LeaseOutcome lookup(String name) {
    Lease l = leases.get(name);
    return l != null && l.expiresAt() > clock.now() ? new LeaseOutcome.HeldByOther(name, l.holder(), l.expiresAt())
        : new LeaseOutcome.Released(name);
  }

  /** The table as bytes, for snapshots. */
  public byte[] snapshot() {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      out.writeLong(CLOCK_FORMAT);
      clock.write(out);
      out.writeInt(leases.size());
      for (var e : leases.entrySet()) {
        DataCodec.writeText(out, e.getKey());
        DataCodec.writeText(out, e.getValue().holder());
        out.writeLong(e.getValue().token().value());
        out.writeLong(e.getValue().expiresAt());
        out.writeLong(e.getValue().ttlMillis());
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Replaces this table with a snapshot's. */
  public void restore(byte[] snapshot) {
    leases.clear();
    try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(snapshot))) {
      long first = in.readLong();
      boolean withClock = first == CLOCK_FORMAT;
      boolean text = withClock || first == TEXT_FORMAT;
      if (withClock) {
        clock = LeaderClock.read(in);
      } else {
        long wall = first == TEXT_FORMAT ? in.readLong() : first;
        clock = LeaderClock.ofWallClock(wall, wall);
      }
      for (int n = in.readInt(); n > 0; n--) {
        String name = text ? DataCodec.readText(in) : in.readUTF();
        String holder = text ? DataCodec.readText(in) : in.readUTF();
        Epoch token = Epoch.of(in.readLong());
        long expiresAt = in.readLong();
        // An older format kept no time-to-live: what was left of it is what a refresh restores.
        long ttl = withClock ? in.readLong() : Math.max(0, expiresAt - clock.now());
        leases.put(name, new Lease(holder, token, expiresAt, ttl));
      }
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not a lease table snapshot: " + e, e);
    }
  }

  /** Who holds {@code name} as of the last applied entry's clock, if anyone. */
  public Optional<String> holder(String name) {
    Lease l = leases.get(name);
    return l != null && l.expiresAt() > clock.now() ? Optional.of(l.holder()) : Optional.empty();
  }
}
