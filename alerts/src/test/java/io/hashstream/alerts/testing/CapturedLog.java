package io.hashstream.alerts.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** Collects what one logger writes while open, to check what a log line says (and does not). */
public final class CapturedLog extends AbstractAppender implements AutoCloseable {
  private final Logger logger;
  private final List<String> lines = new ArrayList<>();

  private CapturedLog(Logger logger) {
    super("captured-" + logger.getName(), null, null, true, Property.EMPTY_ARRAY);
    this.logger = logger;
  }

  /** Starts collecting the messages of the logger of {@code type}. */
  public static CapturedLog of(Class<?> type) {
    CapturedLog log = new CapturedLog((Logger) LogManager.getLogger(type));
    log.start();
    log.logger.addAppender(log);
    return log;
  }

  @Override
  public synchronized void append(LogEvent event) {
    lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
  }

  /** The messages so far, "LEVEL message". */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    logger.removeAppender(this);
    stop();
  }
}
