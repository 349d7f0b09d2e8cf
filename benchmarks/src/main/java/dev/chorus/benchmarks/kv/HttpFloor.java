package dev.chorus.benchmarks.kv;

import com.sun.net.httpserver.HttpServer;
import com.typesafe.config.ConfigFactory;
import dev.chorus.core.ChorusConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.japi.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The floor under every Chorus KV request: an HTTP server that answers each {@code GET /kv/k} at
 * once with the same 1 KiB JSON a read returns, and no store behind it. It runs in a JVM of its
 * own with a node's heap and collector and is loaded by {@link HttpLoad}, as KvLoad loads a node.
 * So it measures what a request costs the server's HTTP stack alone on this machine: the most
 * reads per second a node could serve with this stack, however cheap the read itself.
 *
 * <p>Stacks: {@code pekko} (Pekko HTTP with Chorus's defaults, as the node runs it, through a
 * request handler without routes) or {@code jdk} (the JDK's {@code com.sun.net.httpserver}, with
 * TCP_NODELAY; without it every answer waits for a delayed ACK). Prints one {@code RESULT} line
 * per client count, with the server's CPU time per request. The server JVM is stopped at the end,
 * also when the run fails.
 *
 * <p>Run: {@code java -cp "benchmarks/target/chorus-benchmarks.jar:benchmarks/target/lib/*"
 * dev.chorus.benchmarks.kv.HttpFloor --stack pekko --clients 16,64,256}
 */
@Command(name = "httpfloor", mixinStandardHelpOptions = true,
    description = "Closed-loop HTTP load on a server that answers at once: the HTTP stack's own cost.")
public final class HttpFloor implements Callable<Integer> {
  enum Stack { pekko, jdk }

  private static final byte[] BODY = ("{\"key\":\"k\",\"value\":\"" + new String(KvLoad.value(1024),
      StandardCharsets.US_ASCII) + "\",\"version\":7}").getBytes(StandardCharsets.US_ASCII);
  private static final byte[] GET = "GET /kv/k?consistency=stale HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
      .getBytes(StandardCharsets.US_ASCII);
  private static final Duration STARTUP = Duration.ofSeconds(60);

  @Option(names = "--stack", defaultValue = "pekko", description = "pekko or jdk.")
  Stack stack;

  @Option(names = "--clients", split = ",", defaultValue = "16,64,256", description = "Concurrent clients per run (1-5000).")
  List<Integer> clients;

  @Option(names = "--duration", defaultValue = "10", description = "Measured seconds per run (1-600).")
  int durationSeconds;

  @Option(names = "--warmup", defaultValue = "10", description = "Warm-up seconds before each run (0-600).")
  int warmupSeconds;

  @Option(names = "--server-jvm-options", split = " ", defaultValue = "-Xms512m -Xmx512m -XX:+UseSerialGC",
      description = "JVM flags of the server (default: ${DEFAULT-VALUE}, a node's).")
  List<String> serverJvmOptions;

  @Spec
  CommandSpec spec;

  @Option(names = "--serve", hidden = true, description = "Internal: be the server, on this port.")
  Integer servePort;

  public static void main(String[] args) {
    System.exit(new CommandLine(new HttpFloor()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (servePort != null) {
      serve(stack, servePort);
      // Until the launcher stops this JVM, or dies without doing so (kill -9): no orphan server.
      ProcessHandle.current().parent().ifPresent(launcher -> launcher.onExit().join());
      System.exit(0);
    }
    validate();
    int port = freePort();
    Process server = launch(port);
    Thread stopOnExit = new Thread(() -> stop(server));
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    try {
      awaitListening(server, port);
      InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
      for (int c : clients) {
        if (warmupSeconds > 0) {
          HttpLoad.run(target, c, () -> GET, Duration.ZERO, Duration.ofSeconds(warmupSeconds), Long.MAX_VALUE);
        }
        Duration before = cpu(server);
        HttpLoad.Result r = HttpLoad.run(target, c, () -> GET, Duration.ZERO, Duration.ofSeconds(durationSeconds),
            Long.MAX_VALUE);
        double micros = (cpu(server).toNanos() - before.toNanos()) / 1e3 / Math.max(1, r.ok());
        KvLoad.print("http-floor-" + stack, "get", BODY.length, r);
        System.out.printf("# server CPU per request: %.1f us%n", micros);
      }
    } finally {
      stop(server);
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or has run: the server is stopped either way.
      }
    }
    return 0;
  }

  private static void stop(Process server) {
    server.destroy();
    try {
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void serve(Stack stack, int port) throws IOException {
    InetSocketAddress at = new InetSocketAddress("127.0.0.1", port);
    if (stack == Stack.pekko) {
      ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "http-floor",
          ChorusConfig.withDefaults(ConfigFactory.parseString("pekko.actor.provider = local")));
      Function<HttpRequest, CompletionStage<HttpResponse>> answer = request ->
          CompletableFuture.completedFuture(HttpResponse.create().withEntity(ContentTypes.APPLICATION_JSON, BODY));
      Http.get(system).newServerAt(at.getHostString(), port).bind(answer).toCompletableFuture().join();
    } else {
      System.setProperty("sun.net.httpserver.nodelay", "true");
      HttpServer server = HttpServer.create(at, 1024);
      server.createContext("/kv/", exchange -> {
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, BODY.length);
        exchange.getResponseBody().write(BODY);
        exchange.close();
      });
      server.start();
    }
  }

  private Process launch(int port) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.addAll(serverJvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), HttpFloor.class.getName(),
        "--stack", stack.name(), "--serve", Integer.toString(port)));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
  }

  private static void awaitListening(Process server, int port) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new IOException("the server JVM exited with " + server.exitValue() + " before listening");
      }
      try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IOException("the server did not listen on port " + port + " within " + STARTUP);
  }

  private static Duration cpu(Process server) {
    return server.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void validate() {
    check(clients.stream().allMatch(c -> c >= 1 && c <= 5000), "--clients must each be 1-5000, got " + clients);
    check(durationSeconds >= 1 && durationSeconds <= 600, "--duration must be 1-600 s, got " + durationSeconds);
    check(warmupSeconds >= 0 && warmupSeconds <= 600, "--warmup must be 0-600 s, got " + warmupSeconds);
  }

  private void check(boolean ok, String message) {
    if (!ok) {
      throw new CommandLine.ParameterException(spec.commandLine(), message);
    }
  }
}
