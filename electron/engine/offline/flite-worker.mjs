// Runs the Flite WASI program off the main thread: a long paragraph takes hundreds of milliseconds,
// which would stall IPC in Electron's main process and the pacing of the simulator's streams.
// Plain JavaScript so that Node, tsx, vitest and the Electron bundle can all start it as it is.
import { parentPort, workerData } from 'node:worker_threads';
import { readFile } from 'node:fs/promises';
import { runWasiCommand } from './wasi-memfs.mjs';

const modulePromise = readFile(workerData.wasmPath).then((bytes) => WebAssembly.compile(bytes));

// The text goes in as a file, never argv: long argv once crashed Node's own WASI, and a file keeps
// any text safe from being read as an option. Runs are synchronous, so jobs are served in order.
parentPort.on('message', async ({ id, args, text }) => {
  try {
    const module = await modulePromise;
    const result = runWasiCommand(module, {
      args: ['flite', ...args, '-f', '/in.txt', '-o', '/out.wav'],
      files: { 'in.txt': new TextEncoder().encode(text) },
    });
    const wav = result.files['out.wav'];
    if (result.exitCode !== 0 || !wav) {
      throw new Error(`flite exited with code ${result.exitCode}${result.stderr ? `: ${result.stderr.trim()}` : ''}`);
    }
    parentPort.postMessage({ id, wav }, [wav.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.message ?? error) });
  }
});
