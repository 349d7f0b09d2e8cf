package dev.chorus.testkit.control;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chorus.core.ChorusNode;
import dev.chorus.core.MemberView;
import dev.chorus.core.clock.HlcTimestamp;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.pekko.actor.AddressFromURIString;

/**
 * The control channel of a node the testkit launched: a line protocol on a loopback TCP port that
 * the parent chose. Each request is one line; each answer is one line, {@code OK ...} or
 * {@code ERR <reason>}. The protocol (stable; see the testkit section of the README):
 *
 * <pre>
 * PING                      OK &lt;node id&gt; &lt;pid&gt;
 * BLACKHOLE &lt;address&gt;...    OK      cut the links to these Pekko addresses, both ways
 * HEAL                      OK      restore every link this node cut
 * SKEW &lt;millis&gt;             OK      set the node's clock offset (may be negative)
 * CLOCK                     OK &lt;physical millis&gt; &lt;HLC timestamp&gt;
 * MEMBERS                   OK &lt;JSON array of {id, address, status, roles, reachable}&gt;
 * </pre>
 *
 * A node main starts it with {@link #startIfRequested(ChorusNode)}, which does nothing unless the
 * launcher set {@value #PORT_PROPERTY}. Connections are served one at a time, on a daemon thread.
 */
public final class ControlServer implements AutoCloseable {
  /** The system property through which the launcher passes the control port. */
  public static final String PORT_PROPERTY = "chorus.testkit.control-port";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChorusNode node;
  private final LinkFaults links;
  private final ServerSocket socket;

  private ControlServer(ChorusNode node, ServerSocket socket) {
    this.node = node;
    this.links = new LinkFaults(node);
    this.socket = socket;
    Thread t = new Thread(this::serve, "chorus-control " + socket.getLocalPort());
    t.setDaemon(true);
    t.start();
  }

  /** Starts the control channel on the port named by {@value #PORT_PROPERTY}, if it is set. */
  public static Optional<ControlServer> startIfRequested(ChorusNode node) {
    String port = System.getProperty(PORT_PROPERTY);
    return port == null ? Optional.empty() : Optional.of(start(node, Integer.parseInt(port)));
  }

  /** Starts the control channel on {@code 127.0.0.1:port}. */
  public static ControlServer start(ChorusNode node, int port) {
    try {
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      node.whenTerminated().thenRun(() -> closeQuietly(s));
      return new ControlServer(node, s);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the control channel on port " + port, e);
    }
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket client = socket.accept();
          BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
          PrintWriter out = new PrintWriter(client.getOutputStream(), true, StandardCharsets.UTF_8)) {
        for (String line; (line = in.readLine()) != null; ) {
          out.println(answer(line.trim()));
        }
      } catch (IOException e) {
        // The parent closed the connection or the node is stopping; accept the next one.
      }
    }
  }

  String answer(String request) {
    String[] words = request.split("\\s+");
    try {
      return switch (words[0].toUpperCase()) {
        case "PING" -> "OK " + node.nodeId() + " " + ProcessHandle.current().pid();
        case "BLACKHOLE" -> blackhole(words);
        case "HEAL" -> {
          links.healAll();
          yield "OK";
        }
        case "SKEW" -> {
          node.clock().setOffset(Duration.ofMillis(Long.parseLong(words[1])));
          yield "OK";
        }
        case "RATE" -> {
          node.monotonicClock().setRate(Double.parseDouble(words[1]));
          yield "OK";
        }
        case "RECEIVE" -> "OK " + node.hlc().receive(HlcTimestamp.parse(words[1]));
        case "CLOCK" -> "OK " + node.clock().currentTimeMillis() + " " + node.hlc().now() + " "
            + node.monotonicClock().rate();
        case "MEMBERS" -> "OK " + JSON.writeValueAsString(MemberView.of(node));
        default -> "ERR unknown command '" + words[0] + "'";
      };
    } catch (Exception e) {
      return "ERR " + e.toString().replace('\n', ' ');
    }
  }

  private String blackhole(String[] words) {
    for (int i = 1; i < words.length; i++) {
      links.blackhole(AddressFromURIString.parse(words[i]));
    }
    return "OK";
  }

  @Override
  public void close() {
    closeQuietly(socket);
  }

  private static void closeQuietly(ServerSocket s) {
    try {
      s.close();
    } catch (IOException e) {
      // Closing a listening socket only fails if it is already closed.
    }
  }
}
