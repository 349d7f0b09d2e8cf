package dev.chorus.testkit.control;

import dev.chorus.core.ChorusNode;
import dev.chorus.core.NodeExtension;

/**
 * Starts the control channel on a node that the testkit launched ({@link
 * ControlServer#PORT_PROPERTY} set), through {@link NodeExtension#startAll}: a node main need not
 * name the testkit, and a node run without it has no control channel.
 */
public final class ControlChannelExtension implements NodeExtension {
  @Override
  public void startIfRequested(ChorusNode node) {
    ControlServer.startIfRequested(node);
  }
}
