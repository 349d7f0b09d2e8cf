package com.example.ledger;

import dev.chorus.core.spi.Codec;
import dev.chorus.core.spi.Codecs;
import dev.chorus.core.spi.DataCodec;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ledger's bytes in the log, in snapshots and between members: a tag, then the fields.
 * Every member must read what any other writes, so a new format gets a new tag and the old one
 * stays readable.
 */
public final class LedgerCodecs {
  private static final byte OPEN = 'o';
  private static final byte DEPOSIT = 'd';
  private static final byte TRANSFER = 't';
  private static final byte BALANCE = 'b';
  private static final byte ALL = 'a';
  private static final byte TRANSFERRED = 'x';

  static final Codec<LedgerCommand> COMMANDS = DataCodec.of(LedgerCodecs::writeCommand, LedgerCodecs::readCommand);
  static final Codec<LedgerQuery> QUERIES = DataCodec.of(LedgerCodecs::writeQuery, LedgerCodecs::readQuery);
  static final Codec<LedgerResult> RESULTS = DataCodec.of(LedgerCodecs::writeResult, LedgerCodecs::readResult);

  /** Every balance, sorted by account: the ledger's snapshot. */
  static final Codec<Map<String, Long>> BALANCES = DataCodec.of(LedgerCodecs::writeBalances, LedgerCodecs::readBalances);

  /** The three together, as a Raft group takes them. */
  public static final Codecs<LedgerCommand, LedgerQuery, LedgerResult> CODECS = new Codecs<>(COMMANDS, QUERIES, RESULTS);

  private LedgerCodecs() {}

  private static void writeCommand(DataOutputStream out, LedgerCommand c) throws IOException {
    if (c instanceof LedgerCommand.Open o) {
      out.writeByte(OPEN);
      DataCodec.writeText(out, o.account());
    } else if (c instanceof LedgerCommand.Deposit d) {
      out.writeByte(DEPOSIT);
      DataCodec.writeText(out, d.account());
      out.writeLong(d.amount());
    } else {
      LedgerCommand.Transfer t = (LedgerCommand.Transfer) c;
      out.writeByte(TRANSFER);
      DataCodec.writeText(out, t.from());
      DataCodec.writeText(out, t.to());
      out.writeLong(t.amount());
    }
  }

  private static LedgerCommand readCommand(DataInputStream in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case OPEN -> new LedgerCommand.Open(DataCodec.readText(in));
      case DEPOSIT -> new LedgerCommand.Deposit(DataCodec.readText(in), in.readLong());
      case TRANSFER -> new LedgerCommand.Transfer(DataCodec.readText(in), DataCodec.readText(in), in.readLong());
      default -> throw new IOException("unknown ledger command tag " + tag);
    };
  }

  private static void writeQuery(DataOutputStream out, LedgerQuery q) throws IOException {
    if (q instanceof LedgerQuery.Balance b) {
      out.writeByte(BALANCE);
      DataCodec.writeText(out, b.account());
    } else {
      out.writeByte(ALL);
    }
  }

  private static LedgerQuery readQuery(DataInputStream in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case BALANCE -> new LedgerQuery.Balance(DataCodec.readText(in));
      case ALL -> new LedgerQuery.AllBalances();
      default -> throw new IOException("unknown ledger query tag " + tag);
    };
  }

  private static void writeResult(DataOutputStream out, LedgerResult r) throws IOException {
    if (r instanceof LedgerResult.Balance b) {
      out.writeByte(BALANCE);
      DataCodec.writeText(out, b.account());
      out.writeLong(b.balance());
    } else if (r instanceof LedgerResult.Transferred t) {
      out.writeByte(TRANSFERRED);
      DataCodec.writeText(out, t.from());
      out.writeLong(t.fromBalance());
      DataCodec.writeText(out, t.to());
      out.writeLong(t.toBalance());
    } else {
      out.writeByte(ALL);
      writeBalances(out, ((LedgerResult.Balances) r).balances());
    }
  }

  private static LedgerResult readResult(DataInputStream in) throws IOException {
    byte tag = in.readByte();
    return switch (tag) {
      case BALANCE -> new LedgerResult.Balance(DataCodec.readText(in), in.readLong());
      case TRANSFERRED -> new LedgerResult.Transferred(DataCodec.readText(in), in.readLong(), DataCodec.readText(in),
          in.readLong());
      case ALL -> new LedgerResult.Balances(readBalances(in));
      default -> throw new IOException("unknown ledger result tag " + tag);
    };
  }

  private static void writeBalances(DataOutputStream out, Map<String, Long> balances) throws IOException {
    out.writeInt(balances.size());
    for (Map.Entry<String, Long> e : new TreeMap<>(balances).entrySet()) {
      DataCodec.writeText(out, e.getKey());
      out.writeLong(e.getValue());
    }
  }

  private static Map<String, Long> readBalances(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new IOException("negative account count " + n);
    }
    Map<String, Long> balances = new TreeMap<>();
    for (int i = 0; i < n; i++) {
      balances.put(DataCodec.readText(in), in.readLong());
    }
    return balances;
  }
}
