// The contract between ai-proxy-advanced's balancer (algorithms and circuit breaker, in this
// folder) and the proxy that uses it (proxy/ai-proxy-advanced.ts and the forward stage). One
// Balancer per ai-proxy-advanced plugin instance and worker process, built when a snapshot is
// compiled and kept across snapshots while the instance's config is unchanged (Kong keeps
// balancer state on an unchanged reconfigure). Times are milliseconds from `now()`.

export type BalancerAlgorithm =
  | 'round-robin'
  | 'priority'
  | 'lowest-latency'
  | 'lowest-usage'
  | 'consistent-hashing'
  | 'least-connections'
  | 'semantic';

export type LatencyStrategy = 'tpot' | 'e2e';
export type TokensCountStrategy = 'total-tokens' | 'prompt-tokens' | 'completion-tokens' | 'cost' | 'llm-accuracy';

/** `config.balancer`, defaults filled (Kong's schema). */
export interface BalancerConfig {
  readonly algorithm: BalancerAlgorithm;
  readonly retries: number;
  readonly failover_criteria: readonly string[];
  readonly connect_timeout: number;
  readonly write_timeout: number;
  readonly read_timeout: number;
  readonly hash_on_header: string;
  readonly latency_strategy: LatencyStrategy;
  readonly tokens_count_strategy: TokensCountStrategy;
  readonly slots: number;
  readonly max_fails: number;
  readonly fail_timeout: number;
}

/** What the balancer knows of a target: its position in `config.targets[]` and its weight. */
export interface BalancerTarget {
  readonly index: number;
  readonly weight: number;
  /** `provider/model name`, for reasons and explain. */
  readonly label: string;
}

/** What an algorithm may read from the request. */
export interface PickInput {
  /** A request header by lower-case name (consistent-hashing's `hash_on_header`). */
  header(name: string): string | undefined;
  /** Kong's request id, hashed when the header is absent. */
  readonly requestId: string;
}

export interface Pick {
  readonly index: number;
  /** Why this target, in one line: "round-robin: weight 70 of 100", "lowest-latency: tpot 12.3 ms (next 40.1 ms)", "consistent-hashing: x-user hash 1a2b3c4d → …" (a hash, never the header's value). */
  readonly reason: string;
  /** Targets the circuit breaker excluded from this pick (ejected, or half-open with its one probe under way): for the log and metrics. Empty when none. */
  readonly ejected: readonly number[];
}

/** One finished attempt, reported once whatever its outcome. */
export interface AttemptOutcome {
  /** false when the attempt failed by `failover_criteria` (counts for the circuit breaker). */
  readonly ok: boolean;
  /** End-to-end latency of the attempt (connect to last body byte). */
  readonly e2eMs: number;
  readonly promptTokens?: number;
  readonly completionTokens?: number;
  /** From model.options input_cost/output_cost, when log_statistics gives it. */
  readonly cost?: number;
}

export interface TargetState {
  readonly index: number;
  readonly label: string;
  readonly weight: number;
  /** The algorithm's current measure (EWMA latency, usage, connections…), null when it has none. */
  readonly measure: number | null;
  readonly inFlight: number;
  /** Circuit breaker: failures counted, and until when the target is ejected (null: healthy). */
  readonly fails: number;
  readonly ejectedUntilMs: number | null;
  /** `ejected` until ejectedUntilMs; then `half-open` (one probe may go) until a success resets it. */
  readonly health: 'healthy' | 'ejected' | 'half-open';
}

export interface Balancer {
  readonly algorithm: BalancerAlgorithm;
  /**
   * The target for the next attempt, skipping `tried` (targets this request already failed on)
   * and targets the circuit breaker ejected; null when none is left. Ejected targets whose
   * fail_timeout elapsed are offered again (half-open).
   */
  pick(input: PickInput, tried: ReadonlySet<number>, nowMs: number): Pick | null;
  /** What pick would answer now, changing no state (no rotation step, no probe claimed): for explain. */
  preview(input: PickInput, tried: ReadonlySet<number>, nowMs: number): Pick | null;
  /**
   * An attempt starts on `index` (least-connections counts it). Every committed pick is followed
   * by begin or by release, and every begin by exactly one end: a half-open target's one probe is claimed by
   * the pick and released by the end (a claim never ended expires after fail_timeout), or by
   * `release` when no attempt follows the pick.
   */
  begin(index: number): void;
  /**
   * A committed pick of `index` not followed by an attempt (the request could not be sent there,
   * e.g. its driver refused it): the half-open probe the pick claimed, if any, is released at
   * once so that the next request may probe; nothing else changes and nothing is counted.
   */
  release(index: number): void;
  /** The attempt on `index` ended; feeds latency, usage and the circuit breaker. */
  end(index: number, outcome: AttemptOutcome, nowMs: number): void;
  /** Every target's state, for explain and /status. */
  state(nowMs: number): readonly TargetState[];
}
