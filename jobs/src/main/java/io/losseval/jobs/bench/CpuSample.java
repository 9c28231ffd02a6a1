package io.losseval.jobs.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * The machine's busy and total CPU time ({@code /proc/stat}) and this process's CPU time ({@code
 * /proc/self/stat}, all threads), in clock ticks, at one instant; all -1 where there is no {@code /proc}
 * (not Linux), in which case every {@link CpuUse} derived from it is unavailable.
 *
 * @param busy ticks all CPUs spent on anything but idle and I/O wait
 * @param total ticks all CPUs spent in any state
 * @param self ticks this process spent in user and system mode
 */
record CpuSample(long busy, long total, long self) {

  private static final CpuSample UNAVAILABLE = new CpuSample(-1, -1, -1);

  /** The counters now. */
  static CpuSample now() {
    try {
      String[] cpu = Files.readAllLines(Paths.get("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      long total = 0;
      // cpu  user nice system idle iowait irq softirq steal (guest time is already counted in user)
      for (int i = 1; i <= 8 && i < cpu.length; i++) {
        long v = Long.parseLong(cpu[i]);
        total += v;
        if (i != 4 && i != 5) {
          busy += v;
        }
      }
      String stat = Files.readString(Paths.get("/proc/self/stat"));
      // after "pid (command) ": state is field 3; utime and stime are fields 14 and 15
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
      return new CpuSample(busy, total, Long.parseLong(f[11]) + Long.parseLong(f[12]));
    } catch (IOException | RuntimeException e) {
      return UNAVAILABLE;
    }
  }

  /** What the CPUs did between {@code before} and this sample. */
  CpuUse since(CpuSample before) {
    if (total < 0 || before.total < 0) {
      return CpuUse.NONE;
    }
    return new CpuUse(total - before.total, busy - before.busy, self - before.self);
  }
}
