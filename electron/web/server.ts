import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { EmitEvent } from '../engine/studio/dispatch';
import { createLogger } from '../engine/log';
import { attachmentHeader, type DownloadStore } from './downloads';
import { checkRequest, tokenCookieName, type GuardedRequest } from './request-guard';
import { attachSession, type Session, type StudioEndpoints } from './socket-session';
import { SOCKET_PATH } from './socket-path';
import { contentTypeFor, readCsp, resolveInside } from './static-path';

const log = createLogger('web-shell');

/** The only host the web shell listens on: it serves the user's key-holding engine to this machine alone. */
export const LOOPBACK_HOST = '127.0.0.1';
/** Client messages are requests, the largest a 200 000-character script; anything bigger is not ours. */
const MAX_CLIENT_MESSAGE_BYTES = 2 * 1024 * 1024;

/** Fans the engine's events out to every connected page; created before the service, which needs `emit`. */
export interface EventHub {
  emit: EmitEvent;
  add(session: Session): () => void;
}

/** Creates the event fan-out the studio service emits into. */
export function createEventHub(): EventHub {
  const sessions = new Set<Session>();
  return {
    emit: (event, payload) => {
      for (const session of sessions) session.sendEvent(event, payload);
    },
    add(session) {
      sessions.add(session);
      return () => sessions.delete(session);
    },
  };
}

export interface WebShellOptions {
  service: StudioEndpoints;
  hub: EventHub;
  downloads: DownloadStore;
  /** The built renderer for browsers (out/web). */
  staticDir: string;
  /** 0 or unset: a free port. */
  port?: number;
  /** Unset: a fresh random token for this run. */
  token?: string;
}

export interface WebShell {
  /** The address to open, token included. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/** A token for one run of the web shell: 256 random bits. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Serves the studio to a browser on 127.0.0.1: the built renderer, the contract over a WebSocket
 * and export downloads. Every request passes `checkRequest` (loopback, Host, Origin, token).
 */
export async function startWebShell(options: WebShellOptions): Promise<WebShell> {
  const token = options.token ?? newToken();
  const indexHtml = await readFile(resolveInside(options.staticDir, '/')!, 'utf8');
  const csp = readCsp(indexHtml);
  let port = 0;

  const guard = (request: IncomingMessage) =>
    checkRequest(
      {
        url: request.url ?? '/',
        headers: request.headers,
        remoteAddress: request.socket.remoteAddress,
      } satisfies GuardedRequest,
      { token, port },
    );

  const server = createServer((request, response) => {
    const verdict = guard(request);
    if (!verdict.ok) return refuse(response, verdict.status, verdict.reason);
    if (verdict.setCookie) {
      response.setHeader('Set-Cookie', `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    void serve(request, response).catch((error: unknown) => {
      // The path only: the query may hold the token, which must not reach the log.
      log.error(`serving ${urlPath(request)}: ${String(error)}`);
      if (!response.headersSent) refuse(response, 500, 'Internal error.');
      else response.destroy();
    });
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'Method not allowed.');
    const path = urlPath(request);
    setSecurityHeaders(response, csp);
    const download = options.downloads.find(path);
    if (download) {
      response.setHeader('Content-Disposition', attachmentHeader(download.fileName));
      return sendFile(request, response, download.file);
    }
    const file = resolveInside(options.staticDir, path);
    if (!file) return refuse(response, 404, 'Not found.');
    if (path === '/' || path === '/index.html') {
      response.setHeader('Cache-Control', 'no-store');
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      response.end(request.method === 'HEAD' ? undefined : indexHtml);
      return;
    }
    return sendFile(request, response, file);
  }

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_CLIENT_MESSAGE_BYTES });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const verdict = guard(request);
    if (!verdict.ok || urlPath(request) !== SOCKET_PATH) {
      socket.end(`HTTP/1.1 ${verdict.ok ? 404 : verdict.status} Refused\r\nConnection: close\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      const remove = options.hub.add(attachSession(ws, options.service));
      ws.on('close', remove);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK_HOST, () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://${LOOPBACK_HOST}:${port}/?token=${token}`,
    port,
    token,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The request's path without its query (which may carry the token). */
function urlPath(request: IncomingMessage): string {
  return new URL(request.url ?? '/', 'http://localhost').pathname;
}

function refuse(response: ServerResponse, status: number, reason: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(`${reason}\n`);
}

/** Browser-side defences that cost nothing: no framing, no sniffing, no referrer (the page URL holds the token). */
function setSecurityHeaders(response: ServerResponse, csp: string | null): void {
  if (csp) response.setHeader('Content-Security-Policy', csp);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

async function sendFile(request: IncomingMessage, response: ServerResponse, file: string): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return refuse(response, 404, 'Not found.');
  response.writeHead(200, { 'Content-Type': contentTypeFor(file), 'Content-Length': info.size });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    createReadStream(file).on('error', reject).pipe(response).on('finish', resolve).on('error', reject);
  });
}
