package dev.chorus.consensus;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * A group's configuration (thesis §4): the voters, whose majority decides elections and
 * commitment, and the learners, which receive the log without voting and may be promoted. It
 * travels in the log as an entry's command; every node uses the latest one in its log, committed
 * or not (§4.1).
 *
 * @param voters the voting members
 * @param learners members that replicate without voting
 */
public record Membership(Set<String> voters, Set<String> learners) {
  /** Validates; keeps both sets sorted so the text form is deterministic. */
  public Membership {
    voters = Collections.unmodifiableSet(new TreeSet<>(voters));
    learners = Collections.unmodifiableSet(new TreeSet<>(learners));
    for (String l : learners) {
      if (voters.contains(l)) {
        throw new IllegalArgumentException(l + " cannot be both a voter and a learner");
      }
    }
  }

  /** Voters only. */
  public static Membership ofVoters(Set<String> voters) {
    return new Membership(voters, Set.of());
  }

  /** Whether {@code id} is a voter or a learner. */
  public boolean contains(String id) {
    return voters.contains(id) || learners.contains(id);
  }

  /** Every member, voters and learners. */
  public Set<String> members() {
    Set<String> all = new TreeSet<>(voters);
    all.addAll(learners);
    return all;
  }

  /**
   * This configuration after {@code change}, one server at a time (thesis §4.1), so that any
   * majority of the old voters overlaps any majority of the new.
   *
   * @throws IllegalArgumentException saying why the change does not apply
   */
  public Membership apply(MembershipChange change) {
    String id = change.node();
    Set<String> v = new TreeSet<>(voters);
    Set<String> l = new TreeSet<>(learners);
    switch (change.kind()) {
      case ADD_LEARNER -> {
        require(!contains(id), id + " is already a member");
        l.add(id);
      }
      case ADD_VOTER -> {
        require(!voters.contains(id), id + " is already a voter");
        l.remove(id);
        v.add(id);
      }
      case PROMOTE -> {
        require(learners.contains(id), id + " is not a learner");
        l.remove(id);
        v.add(id);
      }
      case REMOVE -> {
        require(contains(id), id + " is not a member");
        require(!(voters.contains(id) && voters.size() == 1), "cannot remove the last voter " + id);
        v.remove(id);
        l.remove(id);
      }
      default -> throw new IllegalArgumentException(change.kind().toString());
    }
    return new Membership(v, l);
  }

  private static void require(boolean ok, String why) {
    if (!ok) {
      throw new IllegalArgumentException(why);
    }
  }
}
