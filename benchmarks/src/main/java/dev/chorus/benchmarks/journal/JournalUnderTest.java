package dev.chorus.benchmarks.journal;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;

/** The journals measured side by side: Chorus's file journal and two reference points. */
public enum JournalUnderTest {
  /** The embedded Chorus journal, fsync on. */
  CHORUS {
    @Override
    Config config(Path dir) {
      return ConfigFactory.parseString("pekko.persistence.journal.plugin = \"chorus.journal.file\"");
    }
  },
  /** Pekko's LevelDB journal on the pure-Java port (org.iq80.leveldb 0.12, native = off), fsync on. */
  LEVELDB {
    @Override
    Config config(Path dir) {
      return ConfigFactory.parseString("""
          pekko.persistence.journal.plugin = "pekko.persistence.journal.leveldb"
          pekko.persistence.journal.leveldb.dir = "%s"
          pekko.persistence.journal.leveldb.native = off
          pekko.persistence.journal.leveldb.fsync = on
          """.formatted(dir.resolve("leveldb")));
    }
  },
  /** pekko-persistence-jdbc 1.1.1 on an H2 2.3 file database (H2's own commit durability). */
  JDBC_H2 {
    @Override
    Config config(Path dir) {
      return ConfigFactory.parseString("""
          pekko.persistence.journal.plugin = "jdbc-journal"
          jdbc-journal.use-shared-db = "slick"
          pekko-persistence-jdbc.shared-databases.slick {
            profile = "slick.jdbc.H2Profile$"
            db {
              url = "jdbc:h2:file:%s;DB_CLOSE_DELAY=-1"
              user = "sa"
              password = ""
              driver = "org.h2.Driver"
              numThreads = 8
              maxConnections = 8
              minConnections = 1
            }
          }
          """.formatted(dir.resolve("h2").resolve("journal")));
    }
  };

  /** Settings that select this journal, with its files under {@code dir}. */
  abstract Config config(Path dir);
}
