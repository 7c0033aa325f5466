import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

/**
 * The renderer's build, shared by both shells: Electron's (electron.vite.config.ts, out/renderer)
 * and the web shell's (this file, out/web), so the page is the same code in both.
 */
export function rendererConfig(outDir: string): UserConfig {
  const root = resolve(import.meta.dirname, 'renderer');
  return {
    root,
    // Relative asset URLs work under app://studio/ and http://127.0.0.1:PORT/ alike.
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, outDir),
      emptyOutDir: true,
      sourcemap: true,
      // Served from disk or loopback, never over a network: one bundle is fine.
      chunkSizeWarningLimit: 2048,
      rolldownOptions: { input: resolve(root, 'index.html') },
    },
  };
}

/** The browser client that gives the page `window.studio` over the web shell's WebSocket. */
const WEB_CLIENT = '../electron/web/client/web-client.ts';

/**
 * Puts the web client first in the page, so `window.studio` exists before the renderer's own
 * module runs: the renderer cannot tell that it is not in Electron.
 */
function webClient(): Plugin {
  return {
    name: 'studio-web-client',
    transformIndexHtml: {
      order: 'pre',
      handler: () => [{ tag: 'script', attrs: { type: 'module', src: WEB_CLIENT }, injectTo: 'head-prepend' }],
    },
  };
}

/** `npm run web` builds the renderer for browsers into out/web with this config. */
export default defineConfig(() => {
  const config = rendererConfig('out/web');
  return { ...config, plugins: [webClient(), ...(config.plugins ?? [])] };
});
