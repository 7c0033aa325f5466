/**
 * A one-consumer queue that a producer task fills while the consumer iterates it: how the HTTP
 * provider hands sentence jobs, and each job's events, from background requests to its generator.
 */
export class AsyncQueue<T> implements AsyncIterable<T> {
  private readonly items: T[] = [];
  private waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void } | null = null;
  private closed = false;
  private failure: { error: unknown } | null = null;

  push(item: T): void {
    if (this.closed) return;
    if (this.waiting) {
      this.takeWaiter().resolve({ value: item, done: false });
    } else {
      this.items.push(item);
    }
  }

  /** No more items: the consumer finishes after the ones already queued. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.waiting && this.items.length === 0) this.takeWaiter().resolve({ value: undefined, done: true });
  }

  /** The consumer throws `error` after the items already queued. */
  fail(error: unknown): void {
    if (this.closed) return;
    this.failure = { error };
    this.closed = true;
    if (this.waiting && this.items.length === 0) this.takeWaiter().reject(error);
  }

  /** Drops everything queued and ends the consumer's wait now (cancellation). */
  clear(): void {
    this.items.length = 0;
    this.failure = null;
    this.closed = true;
    if (this.waiting) this.takeWaiter().resolve({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.failure) return Promise.reject(this.failure.error);
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return { next: () => this.next() };
  }

  private takeWaiter() {
    const waiter = this.waiting!;
    this.waiting = null;
    return waiter;
  }
}
