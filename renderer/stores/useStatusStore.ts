import { create } from 'zustand';
import type { StudioErrorInfo } from '../../shared/errors';
import type { ConnectionEvent } from '../../shared/synthesis';
import { useDialogStore } from './useDialogStore';

export type ConnectionState = 'idle' | 'connected' | 'disconnected' | 'error';

interface StatusState {
  connection: ConnectionState;
  connectionDetail: string | null;
  /** Time from pressing Play to the first audio reaching the studio, for the last request. */
  lastTtfaMs: number | null;
  error: { info: StudioErrorInfo; receivedAtMs: number } | null;
  /** A short confirmation ("Exported take.wav"), replaced by the next one. */
  notice: string | null;
  api: {
    connectionEvent(event: ConnectionEvent): void;
    firstAudio(ms: number): void;
    report(error: StudioErrorInfo): void;
    dismissError(): void;
    notify(message: string | null): void;
  };
}

/** URLs in connection messages lose their query (already redacted, but `api_key=…` alarms people needlessly). */
function withoutQueries(text: string): string {
  return text.replace(/(\b(?:wss?|https?):\/\/[^\s?)]*)\?[^\s)]*/g, '$1');
}

/** Confirmations fade after this long; errors stay until dealt with. */
const NOTICE_MS = 6000;
let noticeTimer: ReturnType<typeof setTimeout> | null = null;

/** The status bar's data: connection, time to first audio, the current error and its way out. */
export const useStatusStore = create<StatusState>()((set) => ({
  connection: 'idle',
  connectionDetail: null,
  lastTtfaMs: null,
  error: null,
  notice: null,
  api: {
    connectionEvent(event) {
      switch (event.type) {
        case 'connected':
          return set({ connection: 'connected', connectionDetail: event.url });
        case 'disconnected':
          return set({
            connection: 'disconnected',
            connectionDetail: event.reason || (event.code ? `code ${event.code}` : null),
          });
        case 'connection-error':
          return set({ connection: 'error', connectionDetail: withoutQueries(event.message) });
      }
    },
    firstAudio: (ms) => set({ lastTtfaMs: ms }),
    report(error) {
      if (error.code === 'CANCELLED') return;
      set({ error: { info: error, receivedAtMs: Date.now() }, notice: null });
      if (error.code === 'AUTH') useDialogStore.getState().api.show('key');
    },
    dismissError: () => set({ error: null }),
    notify(message) {
      set({ notice: message });
      if (noticeTimer) clearTimeout(noticeTimer);
      noticeTimer = message ? setTimeout(() => set({ notice: null }), NOTICE_MS) : null;
    },
  },
}));
