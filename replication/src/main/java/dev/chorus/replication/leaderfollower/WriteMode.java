package dev.chorus.replication.leaderfollower;

import dev.chorus.core.ConsistencyLevel;
import dev.chorus.core.ServedLevels;

/**
 * How many copies a write needs before the leader acknowledges it, and what happens when they
 * are missing.
 *
 * <ul>
 *   <li>{@code ASYNC}: after the leader's own fsync. A failover loses every acknowledged write the
 *       new leader had not yet received.
 *   <li>{@code SEMI_SYNC(k)}: after k followers have it durably (PostgreSQL's {@code ANY k},
 *       MySQL semi-sync AFTER_SYNC). A failover that elects the most advanced of any n - k
 *       surviving replicas loses none.
 *   <li>{@code SYNC}: after every in-sync follower has it durably. A failover to any in-sync
 *       replica loses none.
 * </ul>
 *
 * <p>{@code strict} refuses a write ({@code Unavailable}) when the required followers are not
 * there; {@code downgrade} waits for them up to a timeout and then acknowledges as {@code ASYNC}
 * (MySQL's behaviour, made visible: logged and counted), so while downgraded a failover can lose
 * writes as in {@code ASYNC}.
 *
 * @param kind async, semi-sync or sync
 * @param followers for semi-sync, how many followers (k >= 1); 0 otherwise
 * @param downgrade whether missing followers make it fall back to async instead of refusing
 */
public record WriteMode(Kind kind, int followers, boolean downgrade) {
  /** The three kinds. */
  public enum Kind { ASYNC, SEMI_SYNC, SYNC }

  /** Validates. */
  public WriteMode {
    if (kind == Kind.SEMI_SYNC ? followers < 1 : followers != 0) {
      throw new IllegalArgumentException(kind == Kind.SEMI_SYNC
          ? "SEMI_SYNC needs at least 1 follower, got " + followers
          : kind + " takes no follower count, got " + followers);
    }
    if (kind == Kind.ASYNC && downgrade) {
      throw new IllegalArgumentException("ASYNC has nothing to downgrade from");
    }
  }

  /** Acknowledge after the leader's fsync. */
  public static WriteMode async() {
    return new WriteMode(Kind.ASYNC, 0, false);
  }

  /** Acknowledge after {@code k} followers' fsync; refuse when fewer than k are in sync. */
  public static WriteMode semiSync(int k) {
    return new WriteMode(Kind.SEMI_SYNC, k, false);
  }

  /** Acknowledge after every in-sync follower's fsync; refuse when the in-sync set is too small. */
  public static WriteMode sync() {
    return new WriteMode(Kind.SYNC, 0, false);
  }

  /** This mode, but falling back to async after a timeout instead of refusing. */
  public WriteMode downgrading() {
    return new WriteMode(kind, followers, kind != Kind.ASYNC);
  }

  /** How many followers must hold a write durably, when {@code inSync} followers are in sync. */
  public int requiredFollowers(int inSync) {
    return switch (kind) {
      case ASYNC -> 0;
      case SEMI_SYNC -> followers;
      case SYNC -> inSync;
    };
  }

  /**
   * Whether a write may ask for {@code other} under a store of this mode: only an equal or
   * weaker guarantee (fewer followers, or downgrade where this is strict).
   */
  public boolean allowsOverride(WriteMode other) {
    if (rank() != other.rank()) {
      return other.rank() < rank();
    }
    return other.followers <= followers && (other.downgrade || !downgrade);
  }

  private int rank() {
    return kind.ordinal();
  }

  /**
   * The consistency levels a store of {@code replicas} replicas in this mode serves
   * (docs/replication.md, "Consistency levels"). Every level, {@code strong} included, when a
   * failover can lose no acknowledged write: strict {@code SYNC}, strict {@code SEMI_SYNC(k)} with
   * k >= n/2 (rounded down), or a store of one replica, which has no failover. Otherwise, in
   * {@code ASYNC}, in {@code SEMI_SYNC} with fewer followers, and in every downgrade mode, a
   * failover can discard acknowledged writes: then no read can promise to see every acknowledged
   * write ({@code strong}, {@code causal}) or to lag them by a bound ({@code bounded-staleness}),
   * and the ceiling is {@code session}, whose guarantees the store keeps by refusing a session
   * whose writes a failover discarded ({@code SESSION_LOST}) rather than breaking them.
   *
   * @throws IllegalArgumentException if {@code replicas} is not positive
   */
  public ServedLevels servedLevels(int replicas) {
    if (replicas < 1) {
      throw new IllegalArgumentException("a store has at least one replica, got " + replicas);
    }
    boolean losesNone = replicas == 1 || (!downgrade && (kind == Kind.SYNC
        || (kind == Kind.SEMI_SYNC && followers >= replicas / 2)));
    return losesNone ? ServedLevels.ALL : ServedLevels.upTo(ConsistencyLevel.SESSION);
  }

  @Override
  public String toString() {
    String base = kind == Kind.SEMI_SYNC ? "SEMI_SYNC(" + followers + ")" : kind.name();
    return kind == Kind.ASYNC ? base : base + (downgrade ? " downgrade" : " strict");
  }
}
