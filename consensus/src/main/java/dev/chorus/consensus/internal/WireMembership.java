package dev.chorus.consensus.internal;

import dev.chorus.consensus.Membership;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** A group configuration ({@link Membership}) on the wire and in the journal. */
record WireMembership(Set<String> voters, Set<String> learners) {
  /** Copies, sorted. */
  WireMembership {
    voters = Set.copyOf(new TreeSet<>(Objects.requireNonNull(voters, "voters")));
    learners = Set.copyOf(new TreeSet<>(Objects.requireNonNull(learners, "learners")));
  }

  static WireMembership of(Membership m) {
    return new WireMembership(m.voters(), m.learners());
  }

  Membership toMembership() {
    return new Membership(voters, learners);
  }
}
