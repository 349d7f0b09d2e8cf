package dev.chorus.testkit.junit;

import dev.chorus.core.MemberView;
import dev.chorus.testkit.cluster.JvmCluster;
import dev.chorus.testkit.cluster.JvmClusterBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A started {@link JvmCluster} for a test class, in one line, torn down after the class whether
 * its tests pass or fail:
 *
 * <pre>
 * &#64;RegisterExtension
 * static JvmClusterExtension cluster = JvmClusterExtension.of(
 *     JvmCluster.builder(TestNodeMain.class.getName()).nodes(3).args(TestNodeMain::args));
 * </pre>
 *
 * The nodes' logs and data go under {@code target/jvm-cluster/<test class>}. Before the first test
 * it waits until every node sees every node Up (with the node main's control channel), bounded by
 * {@link #FORM_TIMEOUT}.
 */
public final class JvmClusterExtension implements BeforeAllCallback, AfterAllCallback {
  /** The bound on forming the cluster before the first test. */
  public static final Duration FORM_TIMEOUT = Duration.ofSeconds(90);

  private final JvmClusterBuilder builder;
  private final boolean awaitUp;
  private JvmCluster cluster;

  private JvmClusterExtension(JvmClusterBuilder builder, boolean awaitUp) {
    this.builder = builder;
    this.awaitUp = awaitUp;
  }

  /** A cluster from {@code builder}, formed before the first test. */
  public static JvmClusterExtension of(JvmClusterBuilder builder) {
    return new JvmClusterExtension(builder, true);
  }

  /** A cluster from {@code builder} whose nodes are started but not awaited (for non-Chorus mains). */
  public static JvmClusterExtension startedOnly(JvmClusterBuilder builder) {
    return new JvmClusterExtension(builder, false);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    builder.workDir(Path.of("target", "jvm-cluster", context.getRequiredTestClass().getSimpleName()));
    cluster = builder.start();
    if (awaitUp) {
      int n = cluster.nodes().size();
      cluster.awaitReady(node -> allUp(cluster, node.spec().index(), n), FORM_TIMEOUT);
    }
  }

  private static boolean allUp(JvmCluster cluster, int i, int n) {
    try {
      List<MemberView> ms = cluster.members(i);
      return ms.size() == n && ms.stream().allMatch(m -> m.status().equals("Up") && m.reachable());
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The running cluster; available from {@code @BeforeAll} methods declared after registration on. */
  public JvmCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("the cluster starts before the first test of the class");
    }
    return cluster;
  }

  /** The node indexes 0..n-1, for loops in tests. */
  public IntStream indexes() {
    return IntStream.range(0, cluster().nodes().size());
  }
}
