import { z } from 'zod';
import type { WebSocket } from 'ws';
import type { EventChannel } from '../../shared/ipc-contract';
import { dispatchInvoke, dispatchStream, type InvokeHandlers, type StreamHandlers } from '../engine/studio/dispatch';
import { createLogger } from '../engine/log';
import { createNumberedSink, MAX_STREAMS_PER_PAGE, TOO_MANY_STREAMS } from './stream-sink';
import { decodeMessage, encodeMessage, type ServerMessage } from './wire';

const log = createLogger('web-shell');

/** The engine side of the contract: what both shells serve. */
export interface StudioEndpoints {
  handlers: InvokeHandlers;
  streams: StreamHandlers;
}

const RequestId = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const ClientMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('invoke'), id: RequestId, channel: z.string().max(100), payload: z.unknown() }).strict(),
  z
    .object({ type: z.literal('stream-open'), streamId: RequestId, channel: z.string().max(100), request: z.unknown() })
    .strict(),
  z.object({ type: z.literal('stream-cancel'), streamId: RequestId }).strict(),
]);

export interface Session {
  sendEvent(event: EventChannel, payload: unknown): void;
}

/**
 * Serves the contract over one browser WebSocket: invokes answer by id, streams are numbered by
 * the client, and closing the socket (tab closed, reloaded) aborts every stream it opened so the
 * engine cancels the upstream requests.
 */
export function attachSession(socket: WebSocket, service: StudioEndpoints): Session {
  const streams = new Map<number, AbortController>();
  const send = (message: ServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(encodeMessage(message));
  };

  socket.on('message', (data: Buffer, isBinary: boolean) => {
    let parsed: z.infer<typeof ClientMessageSchema>;
    try {
      parsed = ClientMessageSchema.parse(decodeMessage(isBinary ? new Uint8Array(data) : data.toString('utf8')));
    } catch {
      // Our own client never sends this: whatever did is not the studio page.
      socket.close(1008, 'Malformed message');
      return;
    }
    if (parsed.type === 'invoke') {
      const { id, channel, payload } = parsed;
      void dispatchInvoke(service.handlers, channel, payload).then((result) => send({ type: 'result', id, result }));
    } else if (parsed.type === 'stream-open') {
      openStream(parsed.streamId, parsed.channel, parsed.request);
    } else {
      streams.get(parsed.streamId)?.abort();
      streams.delete(parsed.streamId);
    }
  });

  socket.on('close', () => {
    for (const controller of streams.values()) controller.abort();
    streams.clear();
  });

  function openStream(streamId: number, channel: string, request: unknown): void {
    const controller = new AbortController();
    const sink = createNumberedSink((message) => send({ type: 'stream', streamId, message }), controller.signal);
    if (streams.has(streamId) || streams.size >= MAX_STREAMS_PER_PAGE) {
      sink.send(TOO_MANY_STREAMS);
      return;
    }
    streams.set(streamId, controller);
    dispatchStream(service.streams, channel, request, sink)
      .catch((error: unknown) => log.error(`stream ${channel} failed: ${String(error)}`))
      .finally(() => {
        sink.end();
        if (streams.get(streamId) === controller) streams.delete(streamId);
      });
  }

  return { sendEvent: (event, payload) => send({ type: 'event', event, payload }) };
}
