/** The outcome of one item of a batch: its value, or the error that item alone ran into. */
export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface Waiting<TItem, TResult> {
  item: TItem;
  resolve(value: TResult): void;
  reject(error: unknown): void;
}

/**
 * Group commit for writes that arrive together. A call made while nothing is being processed starts a batch
 * straight away (after the calls of the same tick join it); calls that arrive while a batch is being processed
 * wait and go together in the next one. A lone request waits for nobody; under load, many requests share one
 * transaction and a handful of statements instead of each paying for its own.
 */
export class Batcher<TItem, TResult> {
  private readonly waiting: Array<Waiting<TItem, TResult>> = [];
  private drainers = 0;

  constructor(
    private readonly processBatch: (items: TItem[]) => Promise<Array<Settled<TResult>>>,
    private readonly options: { maxBatchSize: number; maxConcurrentBatches: number } = { maxBatchSize: 64, maxConcurrentBatches: 1 },
  ) {}

  submit(item: TItem): Promise<TResult> {
    return new Promise<TResult>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.drainers < this.options.maxConcurrentBatches) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.drainers += 1;
    try {
      await new Promise((resolve) => setImmediate(resolve));
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.options.maxBatchSize);
        try {
          const results = await this.processBatch(batch.map((entry) => entry.item));
          batch.forEach((entry, index) => {
            const result = results[index];
            if (!result) entry.reject(new Error('the batch returned no result for this item'));
            else if (result.ok) entry.resolve(result.value);
            else entry.reject(result.error);
          });
        } catch (error) {
          for (const entry of batch) entry.reject(error);
        }
      }
    } finally {
      this.drainers -= 1;
    }
  }
}
