package dev.chorus.core.dispatch;

import com.typesafe.config.Config;
import java.util.concurrent.ThreadFactory;
import org.apache.pekko.dispatch.DispatcherPrerequisites;
import org.apache.pekko.dispatch.ExecutorServiceConfigurator;
import org.apache.pekko.dispatch.ExecutorServiceFactory;

/**
 * The executor of the {@code chorus.dispatchers.calling-thread} dispatcher (core's
 * {@code reference.conf}): an actor on it runs on the thread that sends it a message (or
 * completes the future it waits on), trampolined, never on a pool thread of its own.
 *
 * <p>That saves a thread hand-off per message, which on few cores costs far more than the work of
 * a small non-blocking actor: the journal plugin and each Raft log actor run on it, so that a
 * write goes from the Raft actor's thread straight to the journal's writer thread and its
 * acknowledgement from the writer thread straight back to the Raft actor's mailbox. Put only
 * actors there that never block and do little per message.
 */
public final class CallingThreadExecutorConfigurator extends ExecutorServiceConfigurator {
  /** Called by Pekko with the dispatcher's configuration section. */
  public CallingThreadExecutorConfigurator(Config config, DispatcherPrerequisites prerequisites) {
    super(config, prerequisites);
  }

  @Override
  public ExecutorServiceFactory createExecutorServiceFactory(String id, ThreadFactory threadFactory) {
    return CallingThreadExecutor::new;
  }
}
