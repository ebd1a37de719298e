package dev.managedapi.apiservice.shutdown;

import jakarta.inject.Singleton;

/** Whether the service has been asked to stop and is letting in-flight work finish. */
@Singleton
public class DrainState {
  private volatile boolean draining;

  public boolean isDraining() {
    return draining;
  }

  void startDraining() {
    draining = true;
  }
}
