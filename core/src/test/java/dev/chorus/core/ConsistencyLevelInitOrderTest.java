package dev.chorus.core;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/**
 * Guards against a class-initialization trap: if {@link ConsistencyLevel} ever declares a default
 * method, initializing {@link ConsistencyLevel.Fixed} first initializes the interface first
 * (JLS 12.4.2), and its constants then read the enum's constants while they are still null.
 */
class ConsistencyLevelInitOrderTest {

  @Test
  void constantsAreSetWhenTheEnumIsInitializedFirst() throws Exception {
    URL classes = ConsistencyLevel.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader fresh =
        new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
      Class.forName(ConsistencyLevel.Fixed.class.getName(), true, fresh);
      Class<?> level = Class.forName(ConsistencyLevel.class.getName(), true, fresh);
      for (String name : new String[] {"STRONG", "SESSION", "CONSISTENT_PREFIX", "EVENTUAL"}) {
        assertNotNull(level.getField(name).get(null), "ConsistencyLevel." + name);
      }
    }
  }
}
