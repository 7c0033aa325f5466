// Runs the Flite WASI program off the main thread: a long paragraph takes hundreds of milliseconds,
// which would stall IPC in Electron's main process and the pacing of the simulator's streams.
// Plain JavaScript so that Node, tsx, vitest and the Electron bundle can all start it as it is.
import { parentPort, workerData } from 'node:worker_threads';
import { WASI } from 'node:wasi';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const modulePromise = readFile(workerData.wasmPath).then((bytes) => WebAssembly.compile(bytes));

parentPort.on('message', async ({ id, args }) => {
  const dir = await mkdtemp(join(tmpdir(), 'avs-flite-'));
  try {
    const wasi = new WASI({
      version: 'preview1',
      args: ['flite', ...args, '-o', '/io/out.wav'],
      preopens: { '/io': dir },
      returnOnExit: true,
    });
    const instance = await WebAssembly.instantiate(await modulePromise, wasi.getImportObject());
    const code = wasi.start(instance);
    if (code !== 0) throw new Error(`flite exited with code ${code}`);
    const wav = new Uint8Array(await readFile(join(dir, 'out.wav')));
    parentPort.postMessage({ id, wav }, [wav.buffer]);
  } catch (error) {
    parentPort.postMessage({ id, error: String(error?.message ?? error) });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
