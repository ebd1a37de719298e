package dev.managedapi.apiservice.config;

import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The one source of time, so tests can replace it. */
@Factory
class ClockFactory {
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }
}
