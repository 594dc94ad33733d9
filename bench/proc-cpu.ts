// CPU time of a benchmarked server process, for "CPU per request/stream" figures: the sum of
// its threads' run times from /proc/PID/task/*/schedstat (nanoseconds; main thread, libuv pool,
// V8's GC and compiler threads), or /proc/PID/stat's utime + stime (10 ms clock ticks) where
// schedstat is missing. CPU per request is the figure a loaded machine disturbs least: it does
// not depend on how long the process waited for a core.
import { readdirSync, readFileSync } from 'node:fs';

export function cpuNs(pid: number): number {
  try {
    let sum = 0;
    for (const t of readdirSync(`/proc/${pid}/task`)) sum += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'utf8').split(' ')[0]);
    return sum;
  } catch {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10_000_000;
  }
}

/** False where there is no /proc (the figures then print as n/a). */
export const hasProc = (() => {
  try {
    return cpuNs(process.pid) > 0;
  } catch {
    return false;
  }
})();

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** The median of per-round ratios a[i]/b[i], and "1.02× (0.97–1.08)" with their range. */
export function ratioOf(a: readonly number[], b: readonly number[]): { med: number; text: string } {
  const rs = a.map((v, i) => v / b[i]!);
  const med = median(rs);
  return { med, text: `${med.toFixed(2)}× (${Math.min(...rs).toFixed(2)}–${Math.max(...rs).toFixed(2)})` };
}

/**
 * For rounds run in alternating order (even rounds A then B, odd rounds B then A): the ratio of
 * each pair of rounds (2k, 2k+1) as the geometric mean of its two per-round ratios, which cancels
 * a multiplicative effect of running first or second; then the median over pairs and their range.
 * The median of the per-round ratios alone lands on whichever order has more rounds when that
 * effect is large (an odd number of rounds splits 3:2). A last unpaired round is left out.
 */
export function pairedRatioOf(a: readonly number[], b: readonly number[]): { med: number; text: string } {
  const pairs: number[] = [];
  for (let i = 0; i + 1 < a.length; i += 2) pairs.push(Math.sqrt((a[i]! / b[i]!) * (a[i + 1]! / b[i + 1]!)));
  if (pairs.length === 0) return ratioOf(a, b);
  const med = median(pairs);
  return { med, text: `${med.toFixed(2)}× (${Math.min(...pairs).toFixed(2)}–${Math.max(...pairs).toFixed(2)}; ${pairs.length} order-balanced pairs)` };
}
