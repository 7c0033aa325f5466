import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import type { WebSocketServer } from 'ws';
import { errorBody, errorFrame, invalidKey, versionNotFound, type ApiFailure } from './api-failure';
import { flatHeaders, type WsRecord } from './recording';
import { badVersion, type SimContext } from './sim-context';
import { WsSession } from './ws-session';

export const WS_PATH = '/text_to_speech/websocket/ws';

function refuse(socket: Duplex, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}

/**
 * Accepts WebSocket upgrades on the one documented path. The key comes from the `api_key` query
 * parameter (headers `api_key` / `x-api-key` as the fallback the docs' handshake example shows);
 * a bad key is refused per `wsAuthFailure`, a `version` other than v1 with 404 on the upgrade.
 */
export function createUpgradeHandler(sim: SimContext, wss: WebSocketServer) {
  let nextId = 1;
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://simulator');
    if (url.pathname !== WS_PATH) {
      refuse(socket, 404, { detail: 'Not Found' });
      return;
    }
    const query = Object.fromEntries(url.searchParams);
    const headers = flatHeaders(req.headers);
    const record: WsRecord = { id: nextId++, query, headers, messages: [], closed: false };
    sim.recording.ws.push(record);

    const key = query.api_key ?? headers.api_key ?? headers['x-api-key'];
    const version = badVersion(query.version ?? headers.version);
    const refusal: ApiFailure | null = !sim.isValidKey(key)
      ? invalidKey(key)
      : version !== null
        ? versionNotFound(version)
        : null;
    // Only a bad key may be refused after the upgrade (accept, error frame, close).
    if (refusal && (refusal.status !== 401 || sim.faults.wsAuthFailure === 'http401')) {
      record.closed = true;
      refuse(socket, refusal.status, errorBody(refusal, sim.faults.errorShape));
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('close', (code) => {
        record.closed = true;
        record.closeCode = code;
      });
      if (refusal) {
        ws.send(JSON.stringify(errorFrame(refusal)));
        ws.close(1008, refusal.error_code);
        return;
      }
      new WsSession(ws, sim, record);
    });
  };
}
