package io.hashstream.bench.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark's named phases, run only when asked for: a phase that fails (a timeout, a job that
 * failed) is logged and recorded under the report's {@code errors}, and the next phase still runs,
 * so one bad phase does not cost a long run's other figures.
 */
public final class Phases {
  /** A phase's work. */
  @FunctionalInterface
  public interface Body {
    void run() throws Exception;
  }

  private final List<String> wanted;
  private final Map<String, Object> report;
  private final ProgressLog console;

  /**
   * @param wanted the phases asked for (the command's {@code --phases})
   * @param report the report whose {@code errors} entry collects failures
   * @param console where a failure is logged
   */
  public Phases(List<String> wanted, Map<String, Object> report, ProgressLog console) {
    this.wanted = wanted;
    this.report = report;
    this.console = console;
  }

  /**
   * Runs {@code body} if {@code name} was asked for.
   *
   * @return false if it ran and failed (recorded), true otherwise
   */
  public boolean run(String name, Body body) {
    if (!wanted.contains(name)) {
      return true;
    }
    try {
      body.run();
      return true;
    } catch (Exception e) {
      console.log("%s phase failed: %s", name, e);
      e.printStackTrace(System.out);
      @SuppressWarnings("unchecked")
      Map<String, Object> errors =
          (Map<String, Object>) report.computeIfAbsent("errors", k -> new LinkedHashMap<>());
      errors.put(name, String.valueOf(e));
      return false;
    }
  }
}
