/**
 * An alert's threshold as a person types it and as the server keeps it (in the metric's unit): a share is typed as a
 * percentage (95 for 0.95), a duration in minutes (90 for 5400 seconds), a count or a score as it is.
 */

export type MetricUnit = 'count' | 'seconds' | 'ratio' | 'score';

export function thresholdInputOf(threshold: number, unit: MetricUnit): string {
  const typed = unit === 'ratio' ? threshold * 100 : unit === 'seconds' ? threshold / 60 : threshold;
  // 0.57 × 100 is 56.99999999999999 in floating point: round away the noise.
  return String(Number(typed.toPrecision(12)));
}

/** The threshold to send, or undefined when the text is not a number the unit allows (a percentage above 100). */
export function thresholdFromInput(text: string, unit: MetricUnit): number | undefined {
  // "95 %", "95,5" (a French decimal comma) and "95.5" all read.
  const cleaned = text.replace(/[\s%]/g, '').replace(',', '.');
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(cleaned)) return undefined;
  const value = Number(cleaned);
  switch (unit) {
    case 'ratio':
      return value < 0 || value > 100 ? undefined : Number((value / 100).toPrecision(12));
    case 'seconds':
      return value < 0 ? undefined : Math.round(value * 60);
    default:
      return value;
  }
}
