// Small numeric helpers: every figure in the report is the median of several short runs.

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** A number with a sensible count of digits for a table: 12 345, 1 234, 123, 12.3, 1.23. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value
    .toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
    .replace(/,/g, ' ');
}

export function formatRatio(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : '–';
}

export function formatMs(value: number): string {
  return Number.isFinite(value) ? `${formatNumber(value)} ms` : '–';
}

/** Runs `measure` `runs` times and returns every result (so the caller can take medians of each field). */
export async function repeat<T>(runs: number, measure: (run: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let run = 0; run < runs; run++) results.push(await measure(run));
  return results;
}
