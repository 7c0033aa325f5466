import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { LatencySummary } from '../../renderer/audio/latency-meter';
import type { StreamMessage } from '../../shared/ipc-contract';

/**
 * The few page globals the browser benchmarks touch inside `page.evaluate` (the Node build has no
 * DOM types). Only types: the functions handed to `evaluate` run in the page.
 */
export interface PageElement {
  dataset: Record<string, string | undefined>;
  textContent: string | null;
  click(): void;
}

export interface PageGlobals {
  document: {
    querySelector(selector: string): PageElement | null;
    querySelectorAll(selector: string): ArrayLike<PageElement>;
  };
  MutationObserver: new (callback: (records: Array<{ attributeName: string | null }>) => void) => {
    observe(target: PageElement, options: { attributes: true; attributeFilter: string[] }): void;
    disconnect(): void;
  };
  performance: { now(): number };
  studioPlayer: {
    latency: {
      reset(): void;
      summary(): { firstChunk: LatencySummary; allChunks: LatencySummary; handling: LatencySummary };
    };
    remainingSeconds: number;
  };
  studio: {
    takes: { peaks: (request: { takeId: string; samplesPerPeak: number }) => Promise<unknown> };
    speech: { play: (request: unknown, onMessage: (message: StreamMessage) => void) => { cancel(): void } };
  };
  /** Set by the probes below. */
  benchProbe?: Record<string, number>;
}

/** Chromium's own counters for a page (DevTools protocol): heap, and main-thread time by kind. */
export class PageMetrics {
  private constructor(private readonly cdp: CDPSession) {}

  static async open(context: BrowserContext, page: Page): Promise<PageMetrics> {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    return new PageMetrics(cdp);
  }

  /** Every counter, by name (seconds for durations, bytes for sizes). */
  async read(): Promise<Record<string, number>> {
    const { metrics } = await this.cdp.send('Performance.getMetrics');
    return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
  }

  /** JS heap in use after a full garbage collection, MB. */
  async heapAfterGcMb(): Promise<number> {
    await this.cdp.send('HeapProfiler.collectGarbage');
    return (await this.read()).JSHeapUsedSize! / 1e6;
  }

  /** ArrayBuffer backing stores (audio and peaks live there, outside the JS heap), MB; null if Chromium does not say. */
  async backingStoresMb(): Promise<number | null> {
    const usage = (await this.cdp.send('Runtime.getHeapUsage')) as { backingStorageSize?: number };
    return usage.backingStorageSize === undefined ? null : usage.backingStorageSize / 1e6;
  }
}
