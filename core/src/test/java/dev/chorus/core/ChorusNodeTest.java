package dev.chorus.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.MemberStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node without seeds forms a single-node cluster, exposes its identity and stops cleanly. */
class ChorusNodeTest {
  @TempDir Path tmp;
  private final java.util.List<String> replies = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Test
  void singleNodeFormsAClusterAndShutsDownReleasingItsPort() throws Exception {
    int port = freePort();
    Path dataDir = tmp.resolve("n1-data");
    Config config = ConfigFactory.parseString("""
        chorus.node.port = %d
        chorus.node.data-dir = "%s"
        chorus.node.roles = [frontend]
        chorus.node.exit-jvm-when-downed = off
        """.formatted(port, dataDir));
    ChorusNode node = ChorusNode.start(config);
    try {
      assertEquals("127.0.0.1:" + port, node.nodeId());
      assertTrue(Files.isDirectory(dataDir), "the data directory is created");
      assertEquals("pekko://chorus@127.0.0.1:" + port, node.selfAddress().toString());
      awaitUp(node, Duration.ofSeconds(30));
      var self = node.cluster().selfMember();
      assertEquals(node.nodeId(), ChorusNode.nodeIdOf(self));
      assertTrue(ChorusNode.userRolesOf(self).contains("frontend"));
      assertTrue(ChorusNode.userRolesOf(self).stream().noneMatch(r -> r.startsWith(ChorusNode.ID_ROLE_PREFIX)));
      var echo = node.spawn(org.apache.pekko.actor.typed.javadsl.Behaviors.<String>receiveMessage(m -> {
        replies.add(m);
        return org.apache.pekko.actor.typed.javadsl.Behaviors.same();
      }), "echo");
      echo.tell("hello");
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (replies.isEmpty() && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(20);
      }
      assertEquals(java.util.List.of("hello"), replies, "a spawned top-level actor receives messages");
      Path marker = dataDir.resolve(ChorusNode.MEMBER_MARKER);
      while (!Files.exists(marker) && System.nanoTime() < deadline + Duration.ofSeconds(10).toNanos()) {
        TimeUnit.MILLISECONDS.sleep(20);
      }
      assertTrue(Files.exists(marker), "an Up node records in its data directory that it has been a member");
    } finally {
      node.close();
    }
    assertTrue(node.whenTerminated().toCompletableFuture().isDone());
    assertTrue(canBind(port), "the cluster port is released after close");
  }

  @Test
  void chorusDefaultsAreInForceAndTheApplicationCanOverrideThem() {
    Config running = ChorusConfig.withDefaults(ConfigFactory.parseString(
        "pekko.cluster.split-brain-resolver.stable-after = 9s"));
    assertEquals("cluster", running.getString("pekko.actor.provider"));
    assertEquals("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
        running.getString("pekko.cluster.downing-provider-class"));
    assertEquals("keep-majority", running.getString("pekko.cluster.split-brain-resolver.active-strategy"));
    assertEquals(Duration.ofSeconds(9), running.getDuration("pekko.cluster.split-brain-resolver.stable-after"));
    assertEquals("off", running.getString("pekko.actor.allow-java-serialization"));
    assertEquals("jackson-cbor",
        running.getConfig("pekko.actor.serialization-bindings").getString("\"dev.chorus.core.ChorusSerializable\""));
  }

  private static void awaitUp(ChorusNode node, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (node.cluster().selfMember().status() != MemberStatus.up()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("node not Up within " + timeout + ": " + node.cluster().selfMember());
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    }
  }

  private static boolean canBind(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
