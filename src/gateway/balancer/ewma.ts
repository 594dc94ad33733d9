// Time-decayed averages shared by lowest-latency and lowest-usage. A sample's weight grows with
// the time since the previous one: w = exp(-Δt/τ), value = value·w + sample·(1-w), so old samples
// fade with time, not with the number of requests (Finagle's and Kong's EWMA, τ = 10 s).

/** Kong's EWMA decay time (kong-ai-plugins.md §1.4; 10 s in its balancer). */
export const DECAY_MS = 10_000;

export function decayed(value: number, sample: number, elapsedMs: number, tauMs: number): number {
  const w = Math.exp(-Math.max(0, elapsedMs) / tauMs);
  return value * w + sample * (1 - w);
}
