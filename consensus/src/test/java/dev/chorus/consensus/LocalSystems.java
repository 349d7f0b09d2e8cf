package dev.chorus.consensus;

import com.typesafe.config.ConfigFactory;
import dev.chorus.core.ChorusConfig;
import java.nio.file.Path;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;

/** Actor systems for Raft group tests: local provider, Chorus defaults, the file journal in {@code dataDir}. */
public final class LocalSystems {
  private LocalSystems() {}

  /** A test kit whose system keeps its journal and snapshots under {@code dataDir}. */
  public static ActorTestKit kit(String name, Path dataDir) {
    return ActorTestKit.create(name, ChorusConfig.withDefaults(ConfigFactory.parseString("""
        pekko.actor.provider = local
        pekko.loglevel = WARNING
        chorus.node.data-dir = "%s"
        """.formatted(dataDir))));
  }
}
