import type { IpcRenderer } from 'electron';
import type { Result, StreamMessage } from '../../shared/ipc-contract';
import type { StudioTransport } from '../../shared/studio-api';
import { eventIpcName, STREAM_OPEN } from '../main/ipc-names';

/** The page's MessagePort as the preload uses it (this file is checked with Node's lib, whose port lacks `onmessage`). */
interface RendererPort {
  onmessage: ((event: { data: StreamMessage }) => void) | null;
  close(): void;
}

/**
 * Electron's `StudioTransport`: invokes over ipcRenderer, events with the IPC event hidden and an
 * unsubscribe returned, and each stream on its own MessageChannel (the renderer keeps port1; main
 * gets port2). Closing port1 — cancel, the final message, or the page going away — tells main to
 * abort the upstream request.
 */
export function createIpcTransport(
  ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener' | 'postMessage'>,
): StudioTransport {
  return {
    invoke: (channel, request) => ipc.invoke(channel, request) as Promise<Result<unknown>>,
    on(channel, listener) {
      const wrapped = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(eventIpcName(channel), wrapped);
      return () => void ipc.removeListener(eventIpcName(channel), wrapped);
    },
    stream(channel, request, onMessage) {
      const { port1, port2 } = new MessageChannel();
      const port = port1 as unknown as RendererPort;
      port.onmessage = ({ data }) => {
        if (data.type === 'done' || data.type === 'error') port.close();
        onMessage(data);
      };
      ipc.postMessage(STREAM_OPEN, { channel, request }, [port2]);
      return { cancel: () => port.close() };
    },
  };
}
