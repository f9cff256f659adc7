import { describe, expect, it } from 'vitest';
import { findMentionHandles } from './mentions.js';

describe('findMentionHandles', () => {
  it('finds short handles and full addresses, once each', () => {
    expect(findMentionHandles('Hey @sam, can you and @Lee@example.com check? cc @sam.')).toEqual(['sam', 'lee@example.com']);
  });
  it('ignores email addresses written without a leading @', () => {
    expect(findMentionHandles('Write to billing@example.com')).toEqual([]);
  });
});
