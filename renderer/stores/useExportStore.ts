import { create } from 'zustand';
import type { StudioErrorInfo } from '../../shared/errors';
import type { ExportRequest, ExportResult } from '../../shared/ipc-contract';
import { studio } from '../studio';

interface ExportState {
  running: boolean;
  takeId: string | null;
  /** 0..1 from `export:progress`. */
  fraction: number;
  result: ExportResult | null;
  error: StudioErrorInfo | null;
  api: {
    run(request: ExportRequest): Promise<void>;
    progress(takeId: string, fraction: number): void;
    reveal(path: string): Promise<void>;
    reset(): void;
  };
}

/** Hands the browser a file to download (the web shell's way of delivering an export). */
function download(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
}

/** One export at a time: main encodes and writes; the renderer passes ids and options only. */
export const useExportStore = create<ExportState>()((set, get) => ({
  running: false,
  takeId: null,
  fraction: 0,
  result: null,
  error: null,
  api: {
    async run(request) {
      set({ running: true, takeId: request.takeId, fraction: 0, result: null, error: null });
      const result = await studio().export.take(request);
      if (!result.ok) return set({ running: false, error: result.error });
      set({ running: false, fraction: 1, result: result.value });
      if (result.value.downloadUrl) download(result.value.downloadUrl, result.value.fileName);
    },
    progress(takeId, fraction) {
      if (get().running && get().takeId === takeId) set({ fraction: Math.min(1, Math.max(0, fraction)) });
    },
    async reveal(path) {
      const result = await studio().export.reveal({ path });
      if (!result.ok) set({ error: result.error });
    },
    reset: () => set({ running: false, takeId: null, fraction: 0, result: null, error: null }),
  },
}));
