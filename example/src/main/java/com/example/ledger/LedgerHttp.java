package com.example.ledger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.chorus.consensus.NotLeader;
import dev.chorus.consensus.Timeout;
import dev.chorus.consensus.Unavailable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The ledger's HTTP API, on the JDK's own server:
 * <ul>
 *   <li>{@code POST /accounts/{account}}: open it; 200 {@code {"account", "balance"}}.
 *   <li>{@code POST /accounts/{account}/deposits?amount=N}: 200 with the new balance.
 *   <li>{@code POST /transfers?from=A&to=B&amount=N}: 200 {@code {"from", "fromBalance", "to",
 *       "toBalance"}}.
 *   <li>{@code GET /accounts/{account}} and {@code GET /accounts}: linearizable balances.
 * </ul>
 * Errors are JSON {@code {"error": ...}}: 400 for what the ledger refuses, 421 with {@code
 * "leader"} on a member that does not lead, 503 when no leader is known (certainly not applied),
 * 504 when the outcome is unknown.
 */
public final class LedgerHttp implements AutoCloseable {
  private static final long WAIT_SECONDS = 30;

  private final Ledger ledger;
  private final HttpServer server;

  private LedgerHttp(Ledger ledger, HttpServer server) {
    this.ledger = ledger;
    this.server = server;
  }

  /** Serves {@code ledger} on {@code host:port} (port 0: any free one). */
  public static LedgerHttp serve(Ledger ledger, String host, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
    LedgerHttp http = new LedgerHttp(ledger, server);
    server.createContext("/accounts", http::accounts);
    server.createContext("/transfers", http::transfers);
    server.start();
    return http;
  }

  /** The port it serves on. */
  public int port() {
    return server.getAddress().getPort();
  }

  private void accounts(HttpExchange x) throws IOException {
    String[] path = x.getRequestURI().getPath().split("/");
    String method = x.getRequestMethod();
    if (path.length == 2 && method.equals("GET")) {
      answer(x, ledger.balances(), r -> r.balances().entrySet().stream()
          .map(e -> "\"" + e.getKey() + "\":" + e.getValue()).collect(Collectors.joining(",", "{", "}")));
    } else if (path.length == 3 && method.equals("GET")) {
      answer(x, () -> ledger.balance(path[2]), LedgerHttp::balance);
    } else if (path.length == 3 && method.equals("POST")) {
      answer(x, () -> ledger.open(path[2]), LedgerHttp::balance);
    } else if (path.length == 4 && path[3].equals("deposits") && method.equals("POST")) {
      answer(x, () -> ledger.deposit(path[2], amount(query(x))), LedgerHttp::balance);
    } else {
      send(x, 404, error("no such resource: " + method + " " + x.getRequestURI().getPath()));
    }
  }

  private void transfers(HttpExchange x) throws IOException {
    if (!x.getRequestMethod().equals("POST")) {
      send(x, 405, error("POST /transfers?from=A&to=B&amount=N"));
      return;
    }
    Map<String, String> q = query(x);
    answer(x, () -> ledger.transfer(q.get("from"), q.get("to"), amount(q)),
        t -> "{\"from\":\"" + t.from() + "\",\"fromBalance\":" + t.fromBalance() + ",\"to\":\"" + t.to()
            + "\",\"toBalance\":" + t.toBalance() + "}");
  }

  private static String balance(LedgerResult.Balance b) {
    return "{\"account\":\"" + b.account() + "\",\"balance\":" + b.balance() + "}";
  }

  private static long amount(Map<String, String> query) {
    try {
      return Long.parseLong(query.getOrDefault("amount", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("amount must be a whole number, got '" + query.get("amount") + "'");
    }
  }

  private static Map<String, String> query(HttpExchange x) {
    Map<String, String> q = new HashMap<>();
    String raw = x.getRequestURI().getQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          q.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    return q;
  }

  private interface Call<T> {
    CompletionStage<T> start();
  }

  private <T> void answer(HttpExchange x, CompletionStage<T> stage, java.util.function.Function<T, String> json)
      throws IOException {
    answer(x, () -> stage, json);
  }

  private <T> void answer(HttpExchange x, Call<T> call, java.util.function.Function<T, String> json)
      throws IOException {
    try {
      send(x, 200, json.apply(call.start().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS)));
    } catch (ExecutionException | CompletionException e) {
      failed(x, e.getCause());
    } catch (IllegalArgumentException e) {
      send(x, 400, error(e.getMessage()));
    } catch (java.util.concurrent.TimeoutException e) {
      send(x, 504, error("no answer within " + WAIT_SECONDS + " s: the outcome is unknown"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      send(x, 503, error("interrupted"));
    }
  }

  private static void failed(HttpExchange x, Throwable e) throws IOException {
    if (e instanceof NotLeader n) {
      send(x, 421, "{\"error\":" + quote(e.getMessage()) + ",\"leader\":"
          + n.leaderHint().map(LedgerHttp::quote).orElse("null") + "}");
    } else if (e instanceof IllegalArgumentException) {
      send(x, 400, error(e.getMessage()));
    } else if (e instanceof Unavailable) {
      send(x, 503, error(e.getMessage()));
    } else if (e instanceof Timeout) {
      send(x, 504, error(e.getMessage() + " (the outcome is unknown)"));
    } else {
      send(x, 500, error("the ledger failed: " + e));
    }
  }

  private static String error(String message) {
    return "{\"error\":" + quote(message) + "}";
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static void send(HttpExchange x, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
