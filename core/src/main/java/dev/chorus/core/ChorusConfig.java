package dev.chorus.core;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/**
 * How Chorus layers configuration: the application's settings, then every
 * {@code chorus-defaults.conf} on the classpath (Pekko settings that Chorus modules need, such as
 * the jackson-cbor binding and the Split Brain Resolver), then every {@code reference.conf}.
 *
 * <p>Module defaults for Pekko keys cannot live in {@code reference.conf}: when two
 * {@code reference.conf} files set the same key, classpath order decides, and nobody controls it.
 */
public final class ChorusConfig {
  private ChorusConfig() {}

  /**
   * The resolved configuration for a Chorus actor system.
   *
   * @param application the application's own settings (not already merged with reference.conf)
   */
  public static Config withDefaults(Config application) {
    ClassLoader loader = ChorusConfig.class.getClassLoader();
    return application
        .withFallback(ConfigFactory.parseResourcesAnySyntax(loader, "chorus-defaults"))
        .withFallback(ConfigFactory.defaultReference(loader))
        .resolve();
  }

  /** The application's settings from {@code application.conf} and system properties. */
  public static Config application() {
    return ConfigFactory.defaultOverrides().withFallback(ConfigFactory.defaultApplication());
  }
}
