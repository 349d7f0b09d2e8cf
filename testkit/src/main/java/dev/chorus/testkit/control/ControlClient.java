package dev.chorus.testkit.control;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The parent's side of a node's control channel: one request, one answer, bounded in time. */
public final class ControlClient {
  private static final Duration CONNECT = Duration.ofSeconds(2);
  private static final Duration ANSWER = Duration.ofSeconds(15);

  private ControlClient() {}

  /**
   * Sends {@code request} to the control channel on {@code port}.
   *
   * @return what follows {@code OK} (possibly empty)
   * @throws ControlException if the node answers {@code ERR}, does not answer in time, or is unreachable
   */
  public static String send(int port, String request) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) CONNECT.toMillis());
      socket.setSoTimeout((int) ANSWER.toMillis());
      PrintWriter out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      out.println(request);
      String answer = in.readLine();
      if (answer == null) {
        throw new ControlException("control port " + port + " closed without answering '" + request + "'");
      }
      if (!answer.startsWith("OK")) {
        throw new ControlException("'" + request + "' on control port " + port + ": " + answer);
      }
      return answer.length() > 2 ? answer.substring(3) : "";
    } catch (IOException e) {
      throw new ControlException("control port " + port + " unreachable for '" + request + "': " + e, e);
    }
  }

  /** A control request failed. */
  public static final class ControlException extends RuntimeException {
    /** A failure described by {@code message}. */
    public ControlException(String message) {
      super(message);
    }

    ControlException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
