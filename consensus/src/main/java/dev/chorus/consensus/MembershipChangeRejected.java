package dev.chorus.consensus;

/** A membership change cannot be made now; the message says why (thesis §4.1 rules). */
public final class MembershipChangeRejected extends RuntimeException {
  /** With the reason. */
  public MembershipChangeRejected(String reason) {
    super(reason);
  }
}
