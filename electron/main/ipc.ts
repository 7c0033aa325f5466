import { BrowserWindow, ipcMain, type IpcMainEvent, type MessagePortMain } from 'electron';
import { invokeChannels, type StreamMessage } from '../../shared/ipc-contract';
import { dispatchInvoke, dispatchStream, type EmitEvent, type StreamHandlers } from '../engine/studio/dispatch';
import { createLogger } from '../engine/log';
import type { StudioEndpoints } from '../web/socket-session';
import { createNumberedSink, MAX_STREAMS_PER_PAGE, TOO_MANY_STREAMS } from '../web/stream-sink';
import { isOwnUrl } from './app-origin';
import { eventIpcName, STREAM_OPEN } from './ipc-names';

const log = createLogger('ipc');

/**
 * Whether an IPC message comes from the studio's own top-level page (GitHub Desktop's
 * trusted-ipc-sender, Electron security checklist 17 "Validate the sender of all IPC messages").
 */
export function isTrustedSender(
  frame: { readonly url: string; readonly parent: unknown } | null | undefined,
  isOwn: (url: string) => boolean = isOwnUrl,
): boolean {
  return !!frame && frame.parent === null && isOwn(frame.url);
}

/**
 * Registers every invoke channel of the contract and the stream opener: the only code that
 * touches ipcMain. A foreign sender is refused before the engine sees anything.
 */
export function setupIpc(service: StudioEndpoints): void {
  for (const channel of Object.keys(invokeChannels)) {
    ipcMain.handle(channel, (event, payload: unknown) => {
      if (!isTrustedSender(event.senderFrame)) {
        log.warn(`Ignored "${channel}" from a page that is not the studio.`);
        return { ok: false, error: { code: 'BAD_INPUT', message: 'This page may not use the studio.' } };
      }
      return dispatchInvoke(service.handlers, channel, payload);
    });
  }
  // Streams each page has open, by its web contents; a page gone from memory takes its count with it.
  const openCounts = new WeakMap<object, number>();
  ipcMain.on(STREAM_OPEN, (event, message: unknown) => openStream(event, message, service.streams, openCounts));
}

/**
 * One audio stream over the MessagePort the renderer sent (Electron's "reply stream" pattern):
 * messages are numbered, chunks travel as Uint8Array data (MessagePortMain cannot transfer
 * buffers, electron#37565), and the renderer closing its end aborts the engine's request.
 */
function openStream(
  event: IpcMainEvent,
  message: unknown,
  streams: StreamHandlers,
  openCounts: WeakMap<object, number>,
): void {
  const port = event.ports[0];
  if (!port) return;
  if (!isTrustedSender(event.senderFrame)) {
    log.warn('Ignored a stream request from a page that is not the studio.');
    port.close();
    return;
  }
  const { channel, request } = (typeof message === 'object' && message !== null ? message : {}) as {
    channel?: unknown;
    request?: unknown;
  };
  const controller = new AbortController();
  port.on('close', () => controller.abort());
  port.start();
  const sink = createNumberedSink((streamMessage) => post(port, streamMessage), controller.signal);
  const page = event.sender;
  const open = openCounts.get(page) ?? 0;
  if (open >= MAX_STREAMS_PER_PAGE) {
    sink.send(TOO_MANY_STREAMS);
    port.close();
    return;
  }
  openCounts.set(page, open + 1);
  const streamChannel = typeof channel === 'string' ? channel : '';
  dispatchStream(streams, streamChannel, request, sink)
    .finally(() => {
      // The slot is freed when the engine has stopped, not when the page closed its port.
      openCounts.set(page, (openCounts.get(page) ?? 1) - 1);
      sink.end();
      port.close();
    })
    // dispatchStream answers a failing handler itself; what can still throw is posting to the port.
    .catch((error: unknown) => log.error(`stream ${streamChannel} failed: ${String(error)}`));
}

function post(port: MessagePortMain, message: StreamMessage): void {
  // Structured clone copies a view's whole ArrayBuffer; a chunk sliced from a larger one is copied tight first.
  if (message.type === 'chunk' && message.pcm.byteLength !== message.pcm.buffer.byteLength) {
    port.postMessage({ ...message, pcm: message.pcm.slice() });
  } else {
    port.postMessage(message);
  }
}

/** The engine's `emit` port: sends an event to every studio window. */
export const emitToWindows: EmitEvent = (event, payload) => {
  for (const window of BrowserWindow.getAllWindows()) {
    if (!window.isDestroyed() && isOwnUrl(window.webContents.getURL())) {
      window.webContents.send(eventIpcName(event), payload);
    }
  }
};
