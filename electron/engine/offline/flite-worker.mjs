// Runs the Flite WASI program off the main thread: a long paragraph takes hundreds of milliseconds,
// which would stall IPC in Electron's main process and the pacing of the simulator's streams.
// Plain JavaScript so that Node, tsx, vitest and the Electron bundle can all start it as it is.
import { parentPort, workerData } from 'node:worker_threads';
import { WASI } from 'node:wasi';
import { readFile, writeFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const modulePromise = readFile(workerData.wasmPath).then((bytes) => WebAssembly.compile(bytes));

// One job at a time: WASI runs whose set-up overlaps (the awaits in `run`) crash Node natively
// too, and requests do arrive together (the simulator speaks several contexts at once).
let queue = Promise.resolve();
parentPort.on('message', (job) => {
  // `run` answers every job itself, errors included; the chain only has to go on.
  queue = queue.then(() => run(job)).catch(() => undefined);
});

// The text goes through a file, never argv: Node's WASI corrupts the V8 heap (a native crash that
// takes the whole process down) when argv holds more than about a thousand characters.
async function run({ id, args, text }) {
  const dir = await mkdtemp(join(tmpdir(), 'avs-flite-'));
  try {
    await writeFile(join(dir, 'in.txt'), text);
    const wasi = new WASI({
      version: 'preview1',
      args: ['flite', ...args, '-f', '/io/in.txt', '-o', '/io/out.wav'],
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
}
