package io.hashstream.platform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Finds the Apicurio Registry server that the platform runs: the Quarkus distribution {@code
 * io.apicurio:apicurio-registry-app:<version>:zip:all} from Maven Central, which the platform
 * module's build unpacks. Version 2.6.x is used because it runs on Java 17 (3.x needs Java 21).
 *
 * <p>Looked up in this order: an explicit directory, {@code $HASHSTREAM_REGISTRY_HOME}, the
 * directory this build unpacked it to.
 */
public final class RegistryDistribution {
  /** Environment variable that overrides where the registry distribution is. */
  public static final String HOME_ENV = "HASHSTREAM_REGISTRY_HOME";

  /** The oldest Java the bundled registry runs on. */
  public static final int MIN_JAVA = 17;

  private RegistryDistribution() {}

  /** The runner jar of the distribution, or a {@link PlatformException} saying how to get it. */
  public static Path runnerJar(Path explicitHome) {
    Path home = explicitHome;
    if (home == null && System.getenv(HOME_ENV) != null) {
      home = Path.of(System.getenv(HOME_ENV));
    }
    if (home == null) {
      home = buildProperty("registry.home") == null ? null : Path.of(buildProperty("registry.home"));
    }
    if (home == null || !Files.isDirectory(home)) {
      throw missing(home);
    }
    Path dir = home;
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith("-runner.jar"))
          .findFirst()
          .orElseThrow(() -> missing(dir));
    } catch (IOException e) {
      throw new PlatformException(
          PlatformException.Problem.REGISTRY_MISSING, "cannot list " + home + ": " + e, e);
    }
  }

  /** The registry version this build was made with. */
  public static String version() {
    String v = buildProperty("registry.version");
    return v == null ? "unknown" : v;
  }

  private static PlatformException missing(Path looked) {
    return new PlatformException(
        PlatformException.Problem.REGISTRY_MISSING,
        "no Apicurio Registry runner jar (*-runner.jar) in " + looked + ". Build the platform"
            + " module once ('mvn -pl platform -am package -DskipTests', which unpacks"
            + " io.apicurio:apicurio-registry-app:" + version() + ":zip:all from Maven Central),"
            + " or set " + HOME_ENV + " to an unpacked distribution.");
  }

  private static String buildProperty(String key) {
    try (InputStream in = RegistryDistribution.class.getResourceAsStream("build.properties")) {
      if (in == null) {
        return null;
      }
      Properties props = new Properties();
      props.load(in);
      String value = props.getProperty(key);
      return value == null || value.contains("${") ? null : value;
    } catch (IOException e) {
      return null;
    }
  }
}
