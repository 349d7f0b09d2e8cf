package dev.chorus.testkit.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A test node for the client side: n1 is a fixed leader that applies writes to a map and replies
 * once the write is durable; every other node answers "not leader, try n1". Not replicated, so it
 * is linearizable however the network behaves, and unavailable while n1 is down.
 */
final class LeaderKv implements SimNode<String> {
  private record Pending(long token, long requestId, Object value) {}

  private final Incarnation me;
  private final Map<String, Object> data = new TreeMap<>();
  private final List<Pending> pending = new ArrayList<>();
  private long lastToken;
  private long durableToken;

  LeaderKv(Incarnation me) {
    this.me = me;
    for (Object r : me.durableRecords()) {
      Command c = (Command) r;
      data.put(c.key(), c.value());
    }
  }

  private boolean leader() {
    return me.index() == 0;
  }

  @Override
  public Effects<String> onClientRequest(long requestId, Command command) {
    Effects.Builder<String> out = Effects.builder();
    if (!leader()) {
      return out.reply(requestId, Reply.notLeader("n1")).build();
    }
    if (command.f().equals("read")) {
      // A read must not return a write that a crash could still undo: wait for it to be durable.
      Object value = data.get(command.key());
      if (durableToken == lastToken) {
        return out.reply(requestId, Reply.ok(value)).build();
      }
      pending.add(new Pending(lastToken, requestId, value));
      return out.build();
    }
    data.put(command.key(), command.value());
    pending.add(new Pending(++lastToken, requestId, command.value()));
    return out.persist(DurableWrite.append(lastToken, command)).build();
  }

  @Override
  public Effects<String> onPersisted(long token) {
    durableToken = token;
    Effects.Builder<String> out = Effects.builder();
    pending.removeIf(p -> {
      if (p.token() <= token) {
        out.reply(p.requestId(), Reply.ok(p.value()));
        return true;
      }
      return false;
    });
    return out.build();
  }

  @Override
  public Effects<String> onMessage(String from, String message) {
    return Effects.none();
  }

  @Override
  public Effects<String> onTick() {
    return Effects.none();
  }
}
