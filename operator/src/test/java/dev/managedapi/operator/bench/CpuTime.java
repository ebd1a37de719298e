package dev.managedapi.operator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds (user + system) that named processes have used, from /proc/PID/stat, so a phase can
 * say where the machine's cores went: the operator, the API server, etcd, kwok. A process that is
 * gone counts as 0.
 */
final class CpuTime {

  /** USER_HZ: the unit of /proc's times, 100 on every Linux build that matters here. */
  private static final double TICKS_PER_SECOND = 100.0;

  private final Map<String, String> pids;

  /** {@code spec}: "name=pid,name=pid", as bench/operator/scale.sh passes it. */
  CpuTime(String spec) {
    pids = new LinkedHashMap<>();
    for (String entry : spec.split(",")) {
      String[] parts = entry.split("=", 2);
      if (parts.length == 2 && !parts[1].isBlank()) {
        pids.put(parts[0], parts[1].strip());
      }
    }
  }

  /** Each process's CPU seconds so far. */
  Map<String, Double> now() {
    Map<String, Double> seconds = new LinkedHashMap<>();
    pids.forEach((name, pid) -> seconds.put(name, secondsOf(pid)));
    return seconds;
  }

  static Map<String, Double> since(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> used = new LinkedHashMap<>();
    after.forEach((name, s) -> used.put(name, s - before.getOrDefault(name, 0.0)));
    return used;
  }

  private static double secondsOf(String pid) {
    try {
      String stat = Files.readString(Path.of("/proc", pid, "stat"));
      // The command name, in parentheses, may hold spaces: count fields after its end.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
