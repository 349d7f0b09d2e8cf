package dev.chorus.core.dispatch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.chorus.core.ChorusConfig;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.io.Tcp;
import org.apache.pekko.io.TcpMessage;
import org.junit.jupiter.api.Test;

/**
 * With Chorus's defaults, Pekko's TCP connection actors (Artery's and the HTTP server's) run on
 * the calling-thread dispatcher: bytes go from the selector thread to the connection's handler
 * with no hand-off to a pool in between.
 */
class TcpWorkerDispatcherTest {
  /** Connects, and reports the thread it hears each batch of bytes on. */
  static final class Client extends AbstractActor {
    private final InetSocketAddress server;
    private final BlockingQueue<String> threads;

    Client(InetSocketAddress server, BlockingQueue<String> threads) {
      this.server = server;
      this.threads = threads;
    }

    @Override
    public void preStart() {
      Tcp.get(getContext().getSystem()).manager().tell(TcpMessage.connect(server), getSelf());
    }

    @Override
    public Receive createReceive() {
      return receiveBuilder()
          .match(Tcp.Connected.class, c -> getSender().tell(TcpMessage.register(getSelf()), getSelf()))
          .match(Tcp.Received.class, r -> threads.offer(Thread.currentThread().getName()))
          .matchAny(m -> { })
          .build();
    }
  }

  @Test
  void aConnectionHandsItsBytesOverOnTheSelectorThread() throws Exception {
    ActorSystem system = ActorSystem.create("tcp-worker",
        ChorusConfig.withDefaults(ConfigFactory.parseString("pekko.actor.provider = local")));
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      BlockingQueue<String> threads = new ArrayBlockingQueue<>(16);
      InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
      // The handler is on the calling-thread dispatcher too, so it runs where the connection
      // actor tells it: on the selector's thread only if the connection actor ran there as well.
      system.actorOf(Props.create(Client.class, () -> new Client(address, threads))
          .withDispatcher("chorus.dispatchers.calling-thread"), "client");
      try (Socket accepted = listener.accept()) {
        OutputStream out = accepted.getOutputStream();
        // A read may run where the connection actor last ran (its registration, a resume), so
        // not every read is on the selector's thread; with Pekko's own dispatcher none is.
        java.util.List<String> seen = new java.util.ArrayList<>();
        for (int i = 0; i < 10 && seen.stream().noneMatch(t -> t.contains("pekko.io.pinned-dispatcher")); i++) {
          out.write(new byte[] {(byte) i});
          out.flush();
          String thread = threads.poll(20, TimeUnit.SECONDS);
          assertTrue(thread != null, "bytes arrive");
          seen.add(thread);
        }
        assertTrue(seen.stream().anyMatch(t -> t.contains("pekko.io.pinned-dispatcher")), seen.toString());
      }
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }
}
