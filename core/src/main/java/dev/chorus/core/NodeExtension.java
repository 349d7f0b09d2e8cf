package dev.chorus.core;

import java.util.ServiceLoader;

/**
 * Something that starts alongside a node only when the process that launched it asked for it,
 * found on the classpath through {@link ServiceLoader} ({@code
 * META-INF/services/dev.chorus.core.NodeExtension}). The testkit's control channel is one: it
 * starts when the testkit launched the node and set its port, and a node run without the testkit
 * on its classpath has no fault-injection code at all.
 *
 * <p>An implementation has a public no-argument constructor, decides from the launch (a system
 * property, typically) whether to start, and never throws for a launch that did not ask for it.
 */
public interface NodeExtension {
  /** Starts on {@code node} if this launch asked for it; otherwise does nothing. */
  void startIfRequested(ChorusNode node);

  /** Offers {@code node} to every extension on the classpath of this class's loader. */
  static void startAll(ChorusNode node) {
    for (NodeExtension extension : ServiceLoader.load(NodeExtension.class, NodeExtension.class.getClassLoader())) {
      extension.startIfRequested(node);
    }
  }
}
