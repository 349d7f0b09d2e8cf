package dev.chorus.core.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import dev.chorus.core.ChorusConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

/** Tasks run on the submitting thread, trampolined; an actor on the dispatcher runs on its sender's. */
class CallingThreadExecutorTest {
  private final CallingThreadExecutor executor = new CallingThreadExecutor();

  @Test
  void runsATaskOnTheSubmittingThreadBeforeReturning() {
    List<Thread> ran = new ArrayList<>();
    executor.execute(() -> ran.add(Thread.currentThread()));
    assertEquals(List.of(Thread.currentThread()), ran);
  }

  @Test
  void aTaskSubmittedByARunningTaskRunsAfterItInOrderNotNested() {
    List<String> order = new ArrayList<>();
    AtomicInteger depth = new AtomicInteger();
    List<Integer> depths = new ArrayList<>();
    executor.execute(() -> {
      depths.add(depth.incrementAndGet());
      order.add("outer start");
      executor.execute(() -> {
        depths.add(depth.incrementAndGet());
        order.add("first");
        executor.execute(() -> order.add("third"));
        depth.decrementAndGet();
      });
      executor.execute(() -> order.add("second"));
      order.add("outer end");
      depth.decrementAndGet();
    });
    assertEquals(List.of("outer start", "outer end", "first", "second", "third"), order);
    assertEquals(List.of(1, 1), depths, "no task ran inside another");
  }

  @Test
  void aFailingTaskDoesNotDropTheTasksQueuedBehindIt() {
    List<String> ran = new ArrayList<>();
    Thread.UncaughtExceptionHandler previous = Thread.currentThread().getUncaughtExceptionHandler();
    List<Throwable> reported = new ArrayList<>();
    Thread.currentThread().setUncaughtExceptionHandler((t, e) -> reported.add(e));
    try {
      executor.execute(() -> {
        executor.execute(() -> {
          throw new IllegalStateException("boom");
        });
        executor.execute(() -> ran.add("after the failure"));
      });
    } finally {
      Thread.currentThread().setUncaughtExceptionHandler(previous);
    }
    assertEquals(List.of("after the failure"), ran);
    assertEquals("boom", reported.get(0).getMessage());
  }

  @Test
  void anActorOnTheCallingThreadDispatcherRunsOnItsSendersThread() {
    ActorTestKit kit = ActorTestKit.create("calling-thread",
        ChorusConfig.withDefaults(ConfigFactory.parseString("pekko.actor.provider = local")));
    try {
      TestProbe<String> where = kit.createTestProbe();
      ActorRef<ActorRef<String>> actor = kit.spawn(Behaviors.receiveMessage(replyTo -> {
        replyTo.tell(Thread.currentThread().getName());
        return Behaviors.same();
      }), "echo", DispatcherSelector.fromConfig("chorus.dispatchers.calling-thread"));
      String sender = Thread.currentThread().getName();
      for (int i = 0; i < 3; i++) {
        actor.tell(where.ref());
        assertEquals(sender, where.receiveMessage(Duration.ofSeconds(10)));
      }
    } finally {
      kit.shutdownTestKit();
    }
  }
}
