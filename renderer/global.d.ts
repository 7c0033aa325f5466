/// <reference types="vite/client" />
import type { StudioApi } from '../shared/studio-api';
import type { StreamPlayer } from './audio/stream-player';

declare global {
  interface Window {
    /** The engine, as the shell (Electron preload or web shell) exposes it. The renderer's only way out. */
    studio: StudioApi;
    /** The live player, for benchmarks and end-to-end tests (`page.evaluate(() => window.studioPlayer.latency.summary())`). */
    studioPlayer?: StreamPlayer;
  }
}

export {};
