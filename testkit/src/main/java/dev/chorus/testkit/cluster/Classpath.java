package dev.chorus.testkit.cluster;

import java.io.File;

/** The classpath that child JVMs inherit. */
final class Classpath {
  private Classpath() {}

  /**
   * This JVM's classpath. Under Surefire or Failsafe, {@code java.class.path} may be only the
   * booter jar, whose manifest points at the real classpath; the plugins also publish that as
   * {@code surefire.test.class.path}, which is then taken instead.
   */
  static String current() {
    String cp = System.getProperty("java.class.path", "");
    String surefire = System.getProperty("surefire.test.class.path");
    boolean onlyBooter = !cp.contains(File.pathSeparator) && cp.contains("surefire");
    return onlyBooter && surefire != null ? surefire : cp;
  }
}
