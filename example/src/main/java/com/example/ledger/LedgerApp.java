package com.example.ledger;

import com.typesafe.config.Config;
import dev.chorus.core.ChorusNode;
import java.util.Set;

/**
 * The ledger service: one Chorus node, its ledger member, and the HTTP API. Configured like any
 * Chorus node ({@code chorus.node.*}, as system properties or in {@code application.conf}), plus
 * {@code ledger.members} (the founding members' node ids) and {@code ledger.http-port}:
 *
 * <pre>
 * java -Dchorus.node.id=n1 -Dchorus.node.port=2551 -Dledger.http-port=8081 \
 *      -Dchorus.node.seed-nodes.0=127.0.0.1:2551 -Dledger.members.0=n1 -cp ... com.example.ledger.LedgerApp
 * </pre>
 */
public final class LedgerApp {
  private LedgerApp() {}

  public static void main(String[] args) throws Exception {
    ChorusNode node = ChorusNode.start();
    Config config = node.system().settings().config();
    Set<String> members = Set.copyOf(config.getStringList("ledger.members"));
    Ledger ledger = Ledger.start(node, members.isEmpty() ? Set.of(node.nodeId()) : members);
    try (LedgerHttp http = LedgerHttp.serve(ledger, config.getString("ledger.host"), config.getInt("ledger.http-port"))) {
      System.out.printf("ledger member %s serving http://%s:%d%n", node.nodeId(), config.getString("ledger.host"),
          http.port());
      node.whenTerminated().toCompletableFuture().join();
    }
  }
}
