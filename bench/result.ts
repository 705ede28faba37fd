// The shape every benchmark returns, and helpers to build it.

/** One measured figure, as printed in the table and in the JSON summary. */
export interface BenchResult {
  name: string;
  unit: string;
  value: number | null;
  /** The same figure for the baseline measured in the same run; null where none applies. */
  baseline: number | null;
  /** value / baseline; null where there is no baseline. */
  ratio: number | null;
  /** The target in words, e.g. "ratio >= 0.6" or "< 150 ms". */
  target: string | null;
  /** Whether the target is met; null where the figure has no target of its own. */
  met: boolean | null;
  /** Explanation of a missing figure, or of what limited it. */
  note?: string;
}

export interface BenchContext {
  /** Returns a MongoDB URI of the run's throwaway mongod, with its own database for `name`. */
  mongoUri(name: string): string;
  /** Writes one progress line to stderr. */
  log(message: string): void;
}

export interface Benchmark {
  name: string;
  description: string;
  run(context: BenchContext): Promise<BenchResult[]>;
}

/** Rounds to a precision that suits the figure's size, so the table stays readable. */
export function round(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return Number(value.toFixed(1));
  if (magnitude >= 1) return Number(value.toFixed(2));
  return Number(value.toFixed(4));
}

export interface FigureInput {
  name: string;
  unit: string;
  value: number | null;
  baseline?: number | null;
  target?: string | null;
  met?: boolean | null;
  note?: string;
}

/** Builds a result, computing the ratio from value and baseline. */
export function figure({ name, unit, value, baseline = null, target = null, met = null, note }: FigureInput): BenchResult {
  const ratio = value !== null && baseline !== null && baseline !== 0 ? round(value / baseline) : null;
  return {
    name,
    unit,
    value: value === null ? null : round(value),
    baseline: baseline === null ? null : round(baseline),
    ratio,
    target,
    met,
    ...(note === undefined ? {} : { note }),
  };
}

/** Returns the p-th percentile (0..100) of the samples by nearest rank. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** Milliseconds since `start` from process.hrtime.bigint(). */
export function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}
