/** When to save after a change, and what to do when a save fails. */
export interface AutosaveOptions {
  /** Writes the current state; it reads the state itself, so a save always writes the latest edits. */
  save: () => Promise<void>;
  /** A failed save; it is retried after `retryMs` while the project stays dirty. */
  onError?: (error: unknown) => void;
  /** From the first unsaved change to the save starting, ms. Bursts within it make one save. */
  delayMs?: number;
  retryMs?: number;
}

export interface Autosave {
  /** Something changed: a save starts within `delayMs`. */
  markDirty(): void;
  /** Saves now if anything is unsaved (waiting for a save in progress first); for quitting and closing. */
  flush(): Promise<void>;
  /** Whether there are changes not yet on disk. */
  readonly dirty: boolean;
  /** Stops the timers; unsaved changes stay unsaved (call `flush` first to keep them). */
  dispose(): void;
}

/** One second of coalescing plus the write itself keeps the loss on a crash within 2 s. */
const DEFAULT_DELAY_MS = 1_000;
const DEFAULT_RETRY_MS = 2_000;

/**
 * A debounced saver: the first change starts a timer, later changes ride on it, and saves never
 * overlap (a change during a save schedules the next one). A save failure is reported and retried.
 */
export function createAutosave(options: AutosaveOptions): Autosave {
  const delayMs = options.delayMs ?? DEFAULT_DELAY_MS;
  const retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
  let dirty = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let saving: Promise<void> | null = null;
  /** The timer fired during a save: save again as soon as that one ends. */
  let due = false;
  let disposed = false;

  const schedule = (ms: number) => {
    if (timer === null && !disposed) timer = setTimeout(fire, ms);
  };
  const cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };

  /**
   * One save of everything dirty so far; a failure leaves the state dirty and rejects. A timer that
   * fired during it is honoured when it succeeds, whether the timer or `flush` started it.
   */
  const run = (): Promise<void> => {
    dirty = false;
    const current = options.save().then(
      () => {
        saving = null;
        const again = due;
        due = false;
        if (again) {
          cancel(); // a change during the save may have set a timer: this save covers it
          fire();
        }
      },
      (error: unknown) => {
        saving = null;
        dirty = true;
        throw error;
      },
    );
    saving = current;
    return current;
  };

  function fire(): void {
    timer = null;
    if (saving) {
      due = true;
      return;
    }
    if (!dirty || disposed) return;
    run().catch((error: unknown) => {
      due = false;
      options.onError?.(error);
      schedule(retryMs);
    });
  }

  return {
    markDirty() {
      dirty = true;
      schedule(delayMs);
    },
    async flush() {
      cancel();
      while (saving) await saving.catch(() => undefined);
      if (dirty) await run();
    },
    get dirty() {
      return dirty;
    },
    dispose() {
      disposed = true;
      cancel();
    },
  };
}
