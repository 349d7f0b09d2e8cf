package dev.chorus.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsRegistryTest {
  @Test
  void rendersThePrometheusTextFormat() {
    MetricsRegistry r = new MetricsRegistry();
    r.gauge("chorus_raft_term", "The term", "group", "node").labels("kv", "n1").set(3);
    r.gauge("chorus_raft_term", "The term", "group", "node").labels("a\"b", "n\\2").set(0.5);
    r.counter("chorus_test_total", "Things\nthat happened").labels().inc(2);
    assertEquals("""
        # HELP chorus_raft_term The term
        # TYPE chorus_raft_term gauge
        chorus_raft_term{group="a\\"b",node="n\\\\2"} 0.5
        chorus_raft_term{group="kv",node="n1"} 3
        # HELP chorus_test_total Things\\nthat happened
        # TYPE chorus_test_total counter
        chorus_test_total 2
        """, r.scrape());
  }

  @Test
  void aHistogramCountsCumulativeBuckets() {
    MetricsRegistry r = new MetricsRegistry();
    Histogram h = r.histogram("chorus_x_seconds", "Latency", "op").labels("get");
    h.observe(0.0002);
    h.observe(0.003);
    h.observeNanos(20_000_000_000L);
    String text = r.scrape();
    assertTrue(text.contains("# TYPE chorus_x_seconds histogram\n"), text);
    assertTrue(text.contains("chorus_x_seconds_bucket{op=\"get\",le=\"0.0001\"} 0\n"), text);
    assertTrue(text.contains("chorus_x_seconds_bucket{op=\"get\",le=\"0.00025\"} 1\n"), text);
    assertTrue(text.contains("chorus_x_seconds_bucket{op=\"get\",le=\"0.005\"} 2\n"), text);
    assertTrue(text.contains("chorus_x_seconds_bucket{op=\"get\",le=\"10\"} 2\n"), text);
    assertTrue(text.contains("chorus_x_seconds_bucket{op=\"get\",le=\"+Inf\"} 3\n"), text);
    assertTrue(text.contains("chorus_x_seconds_count{op=\"get\"} 3\n"), text);
    assertTrue(text.contains("chorus_x_seconds_sum{op=\"get\"} 20.0032\n"), text);
  }

  @Test
  void familiesAreOnePerNameAndChecked() {
    MetricsRegistry r = new MetricsRegistry();
    MetricsRegistry.Family<Gauge> g = r.gauge("chorus_g", "G", "a");
    assertSame(g, r.gauge("chorus_g", "G", "a"));
    assertThrows(IllegalArgumentException.class, () -> r.counter("chorus_g", "G", "a"));
    assertThrows(IllegalArgumentException.class, () -> r.gauge("chorus_g", "G", "b"));
    assertThrows(IllegalArgumentException.class, () -> r.gauge("chorus-bad", "G"));
    assertThrows(IllegalArgumentException.class, () -> r.gauge("chorus_h", "H", "__reserved"));
    assertThrows(IllegalArgumentException.class, () -> g.labels("x", "y"));
    assertThrows(IllegalArgumentException.class, () -> r.counter("chorus_c", "C").labels().inc(-1));
  }

  @Test
  void removedChildrenAreNoLongerRendered() {
    MetricsRegistry r = new MetricsRegistry();
    MetricsRegistry.Family<Gauge> g = r.gauge("chorus_g", "G", "group", "node", "follower");
    g.labels("kv", "n1", "n2").set(1);
    g.labels("kv", "n1", "n3").set(1);
    g.labels("kv", "n2", "n3").set(1);
    g.removeMatching("kv", "n1");
    assertEquals(List.of("chorus_g{group=\"kv\",node=\"n2\",follower=\"n3\"} 1"),
        r.scrape().lines().filter(l -> !l.startsWith("#")).toList());
    g.remove("kv", "n2", "n3");
    assertEquals("", r.scrape(), "a family with no children renders nothing");
  }

  private enum Part { LEADER, FOLLOWER }

  @Test
  void aMembersGaugesShareItsLabelsAndGoWithIt() {
    MetricsRegistry r = new MetricsRegistry();
    MemberGauges n1 = new MemberGauges(r, "chorus_t", List.of("group", "node"), List.of("kv", "n1"));
    MemberGauges n2 = new MemberGauges(r, "chorus_t", List.of("group", "node"), List.of("kv", "n2"));
    n1.role("Role", Part.values(), Part.LEADER);
    n1.setAll(7L, List.of(new MemberGauges.Stat<Long>("term", "Term", Long::doubleValue)));
    n1.setForPeer("lag", "Lag", "follower", "n2", 3);
    n2.set("term", "Term", 7);
    assertTrue(r.scrape().contains("chorus_t_role{group=\"kv\",node=\"n1\",role=\"leader\"} 1\n"), r.scrape());
    assertTrue(r.scrape().contains("chorus_t_role{group=\"kv\",node=\"n1\",role=\"follower\"} 0\n"), r.scrape());
    assertTrue(r.scrape().contains("chorus_t_lag{group=\"kv\",node=\"n1\",follower=\"n2\"} 3\n"), r.scrape());
    n1.remove();
    assertEquals(List.of("chorus_t_term{group=\"kv\",node=\"n2\"} 7"),
        r.scrape().lines().filter(l -> !l.startsWith("#")).toList(), "only n2's are left");
    assertThrows(IllegalArgumentException.class,
        () -> new MemberGauges(r, "chorus_t", List.of("group"), List.of("kv", "n1")));
  }
}
