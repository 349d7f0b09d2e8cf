package dev.chorus.core.dispatch;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs each task on the thread that submits it, at once, instead of handing it to a pool.
 *
 * <p>A task submitted while this thread is already running one of these tasks is not run
 * recursively: it is queued on the thread and run right after the current one (a trampoline, as
 * Scala's {@code ExecutionContext.parasitic} does). So an actor whose mailbox reschedules itself
 * never deepens the stack, and tasks submitted from one thread run in the order submitted.
 *
 * <p>Only for work that never blocks: it runs on whatever thread submitted it (a dispatcher
 * thread, a journal's writer thread), and delays that thread by as long as it takes.
 */
final class CallingThreadExecutor extends AbstractExecutorService {
  /** The tasks queued by the thread's running task; null when the thread runs none of ours. */
  private static final ThreadLocal<ArrayDeque<Runnable>> QUEUED = new ThreadLocal<>();

  private volatile boolean shutdown;

  @Override
  public void execute(Runnable task) {
    ArrayDeque<Runnable> queued = QUEUED.get();
    if (queued != null) {
      queued.addLast(task);
      return;
    }
    queued = new ArrayDeque<>();
    QUEUED.set(queued);
    try {
      for (Runnable next = task; next != null; next = queued.pollFirst()) {
        runOne(next);
      }
    } finally {
      QUEUED.remove();
    }
  }

  // One failing task must not drop the ones queued behind it; the thread's handler hears of it.
  private static void runOne(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException | Error e) {
      Thread t = Thread.currentThread();
      t.getUncaughtExceptionHandler().uncaughtException(t, e);
    }
  }

  // A Pekko dispatcher shuts its executor down when it has been idle for a while and makes a new
  // one on next use; a task that races with that is still run, as there is no pool to refuse it.
  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  @Override
  public boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return shutdown;
  }
}
