package dev.chorus.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each bad chorus.node value stops start-up with a message that names the key and what is
 * allowed, before anything is bound.
 */
class NodeStartupValidationTest {
  @TempDir Path tmp;

  private ChorusConfigException startFails(String hocon) {
    Config config = ConfigFactory.parseString(hocon)
        .withFallback(ConfigFactory.parseString("chorus.node.data-dir = \"" + tmp.resolve("d") + "\""));
    return assertThrows(ChorusConfigException.class, () -> ChorusNode.start(config).close());
  }

  @Test
  void portOutOfRangeNamesTheKeyAndTheRange() {
    ChorusConfigException e = startFails("chorus.node.port = 70000");
    assertEquals("chorus.node.port", e.key());
    assertTrue(e.getMessage().contains("70000 is out of range: must be between 1 and 65535"), e.getMessage());
  }

  @Test
  void portThatIsNotANumberNamesTheKey() {
    ChorusConfigException e = startFails("chorus.node.port = twenty");
    assertEquals("chorus.node.port", e.key());
    assertTrue(e.getMessage().contains("expected an integer between 1 and 65535"), e.getMessage());
  }

  @Test
  void unparsableSeedNamesItsPositionAndTheFormat() {
    ChorusConfigException e = startFails("chorus.node.seed-nodes = [\"127.0.0.1:2551\", \"localhost\"]");
    assertEquals("chorus.node.seed-nodes[1]", e.key());
    assertTrue(e.getMessage().contains("'localhost' is not host:port"), e.getMessage());
  }

  @Test
  void seedWithABadPortIsRejected() {
    ChorusConfigException e = startFails("chorus.node.seed-nodes = [\"127.0.0.1:0\"]");
    assertEquals("chorus.node.seed-nodes[0]", e.key());
    assertTrue(e.getMessage().contains("out of range"), e.getMessage());
  }

  @Test
  void emptyNodeIdIsRejected() {
    ChorusConfigException e = startFails("chorus.node.id = \"  \"");
    assertEquals("chorus.node.id", e.key());
    assertTrue(e.getMessage().contains("must not be empty"), e.getMessage());
  }

  @Test
  void clusterNameWithIllegalCharactersIsRejected() {
    ChorusConfigException e = startFails("chorus.node.cluster-name = \"my cluster\"");
    assertEquals("chorus.node.cluster-name", e.key());
    assertTrue(e.getMessage().contains("letters, digits"), e.getMessage());
  }

  @Test
  void dataDirectoryThatCannotBeCreatedIsRejected() throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "not a directory");
    ChorusConfigException e = startFails("chorus.node.data-dir = \"" + file.resolve("sub") + "\"");
    assertEquals("chorus.node.data-dir", e.key());
    assertTrue(e.getMessage().contains("cannot create directory"), e.getMessage());
    assertTrue(e.getMessage().contains(file.resolve("sub").toString()), e.getMessage());
  }

  @Test
  void portAlreadyInUseNamesThePortKey() throws IOException {
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      ChorusConfigException e = startFails("chorus.node.port = " + taken.getLocalPort());
      assertEquals("chorus.node.port", e.key());
      assertTrue(e.getMessage().contains("cannot bind 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
    }
  }

  @Test
  void defaultsAreValidAndIdDefaultsToHostPort() {
    NodeSettings s = NodeSettings.fromConfig(ChorusConfig.withDefaults(ConfigFactory.empty()));
    assertEquals("127.0.0.1:2551", s.id());
    assertEquals(Path.of("chorus-data", "127.0.0.1_2551"), s.dataDir());
    assertTrue(s.seedNodes().isEmpty());
    assertTrue(s.exitJvmWhenDowned());
  }

  @Test
  void seedForms() {
    assertEquals(new SeedNode("10.0.0.1", 2552), SeedNode.parse("pekko://chorus@10.0.0.1:2552"));
    assertEquals(new SeedNode("::1", 2552), SeedNode.parse("[::1]:2552"));
    assertEquals("pekko://c@[::1]:2552", SeedNode.parse("[::1]:2552").pekkoAddress("c"));
  }
}
