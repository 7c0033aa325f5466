import { defineConfig } from 'electron-vite';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { rendererConfig } from './vite.web.config';

const here = (path: string) => resolve(import.meta.dirname, path);

/**
 * The offline engine starts its Flite worker from a file beside the module that loads it
 * (`new URL('./flite-worker.mjs', import.meta.url)`); once bundled, that module is out/main/index.js,
 * so the worker and the WASI module it imports are copied next to it. flite.wasm is resolved from
 * node_modules at run time.
 */
function fliteWorker(): Plugin {
  return {
    name: 'studio-flite-worker',
    generateBundle() {
      for (const fileName of ['flite-worker.mjs', 'wasi-memfs.mjs']) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(here(`electron/engine/offline/${fileName}`)) });
      }
    },
  };
}

export default defineConfig({
  main: {
    plugins: [fliteWorker()],
    build: { rolldownOptions: { input: { index: here('electron/main/index.ts') } } },
  },
  preload: {
    build: {
      // A sandboxed preload can require nothing but 'electron': everything else (zod, the contract) is inlined.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: here('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig('out/renderer'),
});
