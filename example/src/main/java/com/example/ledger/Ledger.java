package com.example.ledger;

import dev.chorus.consensus.RaftGroup;
import dev.chorus.consensus.RaftGroupSettings;
import dev.chorus.consensus.RaftGroups;
import dev.chorus.core.ChorusNode;
import dev.chorus.core.ConsistencyLevel;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * This node's member of the ledger: a Raft group running {@link LedgerMachine}. Commands go to
 * the leader (a follower fails them with {@code NotLeader}, naming the leader); reads are
 * linearizable ({@code strong}). A failed stage says what happened: {@code NotLeader} and {@code
 * Unavailable}, certainly not applied; {@code Timeout}, unknown; {@link IllegalArgumentException},
 * refused by the ledger (the message says why).
 */
public final class Ledger {
  /** The Raft group's name. */
  public static final String GROUP = "ledger";

  private final RaftGroup<LedgerCommand, LedgerQuery, LedgerResult> group;

  private Ledger(RaftGroup<LedgerCommand, LedgerQuery, LedgerResult> group) {
    this.group = group;
  }

  /** Starts this node's member, one of the founding {@code members} (node ids), the same on each. */
  public static Ledger start(ChorusNode node, Set<String> members) {
    RaftGroupSettings settings = RaftGroupSettings.forGroup(node.system().settings().config(), GROUP);
    return new Ledger(RaftGroups.start(node, GROUP, members, LedgerMachine::new, LedgerCodecs.CODECS, settings));
  }

  /** The Raft group underneath, for metrics and leadership. */
  public RaftGroup<LedgerCommand, LedgerQuery, LedgerResult> group() {
    return group;
  }

  /** Opens {@code account} with a balance of 0. */
  public CompletionStage<LedgerResult.Balance> open(String account) {
    return group.submit(new LedgerCommand.Open(account)).thenApply(LedgerResult.Balance.class::cast);
  }

  /** Deposits {@code amount} into {@code account}; completes with the new balance. */
  public CompletionStage<LedgerResult.Balance> deposit(String account, long amount) {
    return group.submit(new LedgerCommand.Deposit(account, amount)).thenApply(LedgerResult.Balance.class::cast);
  }

  /** Moves {@code amount} from {@code from} to {@code to}, or fails if {@code from} holds less. */
  public CompletionStage<LedgerResult.Transferred> transfer(String from, String to, long amount) {
    return group.submit(new LedgerCommand.Transfer(from, to, amount)).thenApply(LedgerResult.Transferred.class::cast);
  }

  /** {@code account}'s balance, linearizable. */
  public CompletionStage<LedgerResult.Balance> balance(String account) {
    return group.query(new LedgerQuery.Balance(account), ConsistencyLevel.STRONG)
        .thenApply(LedgerResult.Balance.class::cast);
  }

  /** Every balance at one point of the log, linearizable. */
  public CompletionStage<LedgerResult.Balances> balances() {
    return group.query(new LedgerQuery.AllBalances(), ConsistencyLevel.STRONG)
        .thenApply(LedgerResult.Balances.class::cast);
  }
}
