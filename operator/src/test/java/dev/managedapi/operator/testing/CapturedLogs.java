package dev.managedapi.operator.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Every WARN and ERROR line the process logs while open: what an operator's user would read. */
public final class CapturedLogs implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  public CapturedLogs() {
    appender.start();
    root.addAppender(appender);
  }

  /** "LEVEL logger - message", with the exception's class when the line carried one. */
  public List<String> warningsAndErrors() {
    return List.copyOf(appender.list).stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
        .map(
            e ->
                e.getLevel()
                    + " "
                    + e.getLoggerName()
                    + " - "
                    + e.getFormattedMessage()
                    + (e.getThrowableProxy() == null
                        ? ""
                        : " [" + e.getThrowableProxy().getClassName() + "]"))
        .toList();
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
