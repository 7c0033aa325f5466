import type { StudioErrorInfo } from '../../../shared/errors';
import type { EventChannel, Result, StreamMessage } from '../../../shared/ipc-contract';
import type { StudioTransport } from '../../../shared/studio-api';
import { decodeMessage, encodeMessage, type ClientMessage, type ServerMessage } from '../wire';

/** The part of the browser's WebSocket the transport uses (the `ws` package's client fits too, for tests). */
export interface SocketLike {
  readonly readyState: number;
  binaryType: string;
  send(data: string | Uint8Array<ArrayBuffer>): void;
  addEventListener(type: 'open' | 'close', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

const CONNECTING = 0;
const OPEN = 1;

/** Made here, not by the engine, hence stream messages carrying it have `seq` -1. */
const LOST: StudioErrorInfo = {
  code: 'NETWORK',
  message: 'The connection to the studio engine was lost.',
  hint: 'Check that `npm run web` is still running, then reload the page.',
};

/**
 * The web shell's `StudioTransport`: the contract over one WebSocket, so the renderer gets the
 * same `window.studio` as in Electron. Requests made before the socket opens wait for it; when the
 * socket closes, pending requests fail and open streams end with an error instead of hanging.
 */
export function createSocketTransport(socket: SocketLike): StudioTransport {
  socket.binaryType = 'arraybuffer';
  let nextId = 0;
  const queued: ClientMessage[] = [];
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const streams = new Map<number, (message: StreamMessage) => void>();
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  let closed = false;

  const send = (message: ClientMessage) => {
    if (socket.readyState === CONNECTING) queued.push(message);
    else if (socket.readyState === OPEN) socket.send(encodeMessage(message));
  };

  socket.addEventListener('open', () => {
    for (const message of queued.splice(0)) socket.send(encodeMessage(message));
  });
  socket.addEventListener('message', (event) => {
    const message = decodeMessage(event.data as string | ArrayBuffer) as ServerMessage;
    if (message.type === 'result') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else if (message.type === 'event') {
      for (const listener of listeners.get(message.event) ?? []) listener(message.payload);
    } else {
      const onMessage = streams.get(message.streamId);
      if (message.message.type === 'done' || message.message.type === 'error') streams.delete(message.streamId);
      onMessage?.(message.message);
    }
  });
  socket.addEventListener('close', () => {
    closed = true;
    for (const resolve of pending.values()) resolve({ ok: false, error: LOST });
    pending.clear();
    for (const onMessage of streams.values()) onMessage({ type: 'error', seq: -1, error: LOST });
    streams.clear();
  });

  return {
    invoke(channel, request) {
      if (closed) return Promise.resolve({ ok: false, error: LOST });
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        send({ type: 'invoke', id, channel, payload: request });
      });
    },
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      const wrapped = (payload: unknown) => listener(payload);
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
    stream(channel, request, onMessage) {
      const streamId = nextId++;
      if (closed) {
        queueMicrotask(() => onMessage({ type: 'error', seq: -1, error: LOST }));
        return { cancel: () => {} };
      }
      streams.set(streamId, onMessage);
      send({ type: 'stream-open', streamId, channel, request });
      return {
        cancel() {
          if (!streams.delete(streamId)) return;
          send({ type: 'stream-cancel', streamId });
        },
      };
    },
  };
}
