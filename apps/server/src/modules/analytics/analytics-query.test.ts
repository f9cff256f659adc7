import { describe, expect, it } from 'vitest';
import { HISTOGRAM_RESOLUTION, estimatePercentile } from './analytics-query.js';

/** percentile_cont, as PostgreSQL computes it. */
function exactPercentile(values: number[], share: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = share * (sorted.length - 1);
  const below = Math.floor(rank);
  return sorted[below]! + (sorted[Math.ceil(rank)]! - sorted[below]!) * (rank - below);
}

/** Durations counted as the histogram statement counts them. */
function histogramOf(values: number[]): Array<{ b: number; n: number }> {
  const counts = new Map<number, number>();
  for (const value of values) {
    const bucket = Math.floor(Math.log1p(Math.max(0, value)) * HISTOGRAM_RESOLUTION);
    counts.set(bucket, (counts.get(bucket) ?? 0) + 1);
  }
  return [...counts].map(([b, n]) => ({ b, n }));
}

describe('percentiles estimated from histograms', () => {
  it('land within 3% of percentile_cont on log-normal durations like first replies and resolutions', () => {
    // A fixed sequence (no randomness between runs): 50,000 durations from minutes to weeks.
    let seed = 42;
    const next = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const values = Array.from({ length: 50_000 }, () => {
      const normal = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
      return Math.round(Math.exp(8.5 + 1.6 * normal));
    });
    const histogram = histogramOf(values);
    for (const share of [0.5, 0.9]) {
      const exact = exactPercentile(values, share);
      expect(Math.abs(estimatePercentile(histogram, share)! - exact) / exact, `p${share * 100}`).toBeLessThan(0.03);
    }
  });

  it('gives nothing for no durations, and stays in the bucket of a single one', () => {
    expect(estimatePercentile([], 0.5)).toBeNull();
    const one = estimatePercentile(histogramOf([3600]), 0.5)!;
    expect(Math.abs(one - 3600) / 3600).toBeLessThan(0.03);
    // Zero-second durations (a reply in the same second) are counted too.
    expect(estimatePercentile(histogramOf([0, 0, 0]), 0.5)!).toBeLessThan(0.03);
  });
});
