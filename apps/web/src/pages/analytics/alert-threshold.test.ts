import { describe, expect, it } from 'vitest';
import { thresholdFromInput, thresholdInputOf } from './alert-threshold.js';

describe('an alert’s threshold', () => {
  it('a share is typed as a percentage and sent as a fraction of one', () => {
    expect(thresholdFromInput('95', 'ratio')).toBe(0.95);
    expect(thresholdFromInput('95 %', 'ratio')).toBe(0.95);
    expect(thresholdFromInput('87,5', 'ratio')).toBe(0.875);
    expect(thresholdFromInput('57', 'ratio')).toBe(0.57);
    expect(thresholdInputOf(0.57, 'ratio')).toBe('57');
    expect(thresholdInputOf(0.875, 'ratio')).toBe('87.5');
  });

  it('a duration is typed in minutes and sent in seconds; a count or a score as it is', () => {
    expect(thresholdFromInput('90', 'seconds')).toBe(5400);
    expect(thresholdInputOf(5400, 'seconds')).toBe('90');
    expect(thresholdFromInput('12', 'count')).toBe(12);
    expect(thresholdFromInput('4.2', 'score')).toBe(4.2);
  });

  it('refuses what is not a number, and a percentage outside 0 to 100', () => {
    expect(thresholdFromInput('', 'ratio')).toBeUndefined();
    expect(thresholdFromInput('beaucoup', 'count')).toBeUndefined();
    expect(thresholdFromInput('120', 'ratio')).toBeUndefined();
    expect(thresholdFromInput('-5', 'ratio')).toBeUndefined();
  });
});
