package io.hashstream.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

/**
 * The command lines' console log ({@code log4j2.xml}) stays quiet on an idle job: Flink's
 * committer logs a metric-name collision for 'pendingCommittables' on every checkpoint, and only
 * that line is dropped.
 */
class ConsoleLogConfigTest {

  private static final String METRIC_GROUP_LOGGER = "org.apache.flink.metrics.MetricGroup";

  @Test
  void thePerCheckpointCommitterCollisionIsDroppedAndOtherWarningsStay() throws URISyntaxException {
    var config = ConsoleLogConfigTest.class.getResource("/log4j2.xml").toURI();
    LoggerContext context = Configurator.initialize("console-log-config-test", null, config);
    try {
      List<String> seen = new CopyOnWriteArrayList<>();
      AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent event) {
          seen.add(event.getMessage().getFormattedMessage());
        }
      };
      capture.start();
      context.getConfiguration().getRootLogger().addAppender(capture, null, null);
      context.updateLoggers();

      var metrics = context.getLogger(METRIC_GROUP_LOGGER);
      metrics.warn("Name collision: Group already contains a Metric with the name "
          + "'pendingCommittables'. Metric will not be reported.[localhost, taskmanager]");
      metrics.warn("Name collision: Group already contains a Metric with the name "
          + "'numRecordsIn'. Metric will not be reported.[localhost, taskmanager]");
      context.getLogger("org.apache.flink.runtime.checkpoint").warn("a checkpoint was declined");
      context.getLogger("org.apache.flink.runtime.checkpoint").info("a checkpoint completed");

      assertThat(seen).containsExactly(
          "Name collision: Group already contains a Metric with the name "
              + "'numRecordsIn'. Metric will not be reported.[localhost, taskmanager]",
          "a checkpoint was declined");
    } finally {
      Configurator.shutdown(context);
    }
  }
}
