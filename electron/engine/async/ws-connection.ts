import WebSocket from 'ws';
import { StudioError, isStudioError } from '../../../shared/errors';
import type { ConnectionEvent } from '../../../shared/synthesis';
import { createLogger } from '../log';
import { redact } from '../redact';
import { apiError, readApiErrorBody } from './api-errors';
import { NETWORK_HINT, parseJson } from './http-errors';
import { KEEPALIVE_MESSAGE, parseServerFrame, TERMINATE_MESSAGE, type ServerFrame } from './ws-protocol';

/** Makes the socket; tests pass one that records or wraps the real `ws` client. */
export type WebSocketFactory = (url: string) => WebSocket;

export const defaultSocketFactory: WebSocketFactory = (url) => new WebSocket(url);

export interface CloseInfo {
  code: number;
  reason: string;
  /** We closed it (terminate, or giving it up); anything else is the server or the network. */
  requested: boolean;
}

export interface WsConnectionOptions {
  /** Carries the key: used to connect, never shown. */
  url: string;
  init: Record<string, unknown>;
  createSocket: WebSocketFactory;
  keepaliveIntervalMs: number;
  connectTimeoutMs: number;
  /** How long `terminate` waits for the server's close before dropping the socket. */
  closeTimeoutMs: number;
  /** Stamps each frame with its arrival time (the benchmark's hook); when false nothing is measured. */
  timestamps: boolean;
  onFrame(frame: ServerFrame, arrivedAt: number): void;
  /** Only for a connection that had opened. */
  onClosed(info: CloseInfo): void;
  onEvent(event: ConnectionEvent): void;
}

/** Error bodies of a refused upgrade are small JSON; anything longer is not worth reading. */
const MAX_ERROR_BODY = 16 * 1024;

/**
 * One WebSocket connection: connect, send the init message, keep it alive with a JSON keepalive
 * (the server drops a socket after 60 s without a message, §3.6), parse frames, and close with
 * `terminate`. What the frames mean is the provider's business.
 */
export class WsConnection {
  private static nextId = 1;
  readonly id = WsConnection.nextId++;
  /** The server-minted context id announced by an `init_ack` (§3.8 view B), if any. */
  serverContextId: string | undefined;
  private socket: WebSocket | null = null;
  private keepalive: ReturnType<typeof setInterval> | null = null;
  private opened = false;
  private requested = false;
  private closed = false;
  private readonly whenClosed: Promise<void>;
  private markClosed!: () => void;
  private ackWaiter: (() => void) | null = null;
  private readonly shownUrl: string;
  private readonly log = createLogger('async-ws');

  constructor(private readonly options: WsConnectionOptions) {
    this.shownUrl = redact(options.url);
    this.whenClosed = new Promise((resolve) => (this.markClosed = resolve));
  }

  get isOpen(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /**
   * Connects and sends the init message. Rejects with AUTH (or another API error) when the upgrade
   * is refused with an HTTP status, and with NETWORK when the server cannot be reached in time.
   */
  open(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const socket = this.options.createSocket(this.options.url);
      this.socket = socket;
      const fail = (error: StudioError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (!this.requested)
          this.options.onEvent({ type: 'connection-error', url: this.shownUrl, message: error.message });
        this.requested = true;
        socket.terminate();
        reject(error);
      };
      const timer = setTimeout(
        () => fail(networkError(`No answer from ${this.shownUrl} within ${this.options.connectTimeoutMs} ms.`)),
        this.options.connectTimeoutMs,
      );

      socket.on('unexpected-response', (_request, response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (body.length < MAX_ERROR_BODY) body += chunk;
        });
        response.on('error', () => fail(apiError({}, response.statusCode)));
        response.on('end', () => fail(apiError(readApiErrorBody(parseJson(body)), response.statusCode)));
      });
      socket.on('open', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.opened = true;
        this.send(this.options.init);
        this.keepalive = setInterval(() => this.send(KEEPALIVE_MESSAGE), this.options.keepaliveIntervalMs);
        this.options.onEvent({ type: 'connected', url: this.shownUrl });
        resolve();
      });
      socket.on('message', (data) => {
        const arrivedAt = this.options.timestamps ? performance.now() : 0;
        const frame = parseServerFrame(data.toString());
        if (frame.kind === 'init-ack' && frame.contextId && !this.serverContextId) {
          this.serverContextId = frame.contextId;
          this.ackWaiter?.();
        }
        this.options.onFrame(frame, arrivedAt);
      });
      socket.on('error', (error) => {
        const message = redact(error.message);
        if (!settled) return fail(networkError(`Cannot reach ${this.shownUrl} (${message}).`));
        this.log.debug(`Connection ${this.id}: ${message}`);
        if (!this.requested) this.options.onEvent({ type: 'connection-error', url: this.shownUrl, message });
      });
      socket.on('close', (code, reasonBytes) => {
        this.closed = true;
        this.stopKeepalive();
        this.ackWaiter?.();
        this.markClosed();
        if (!settled) return fail(networkError(`${this.shownUrl} closed the connection while it was opening.`));
        if (!this.opened) return;
        const reason = redact(reasonBytes.toString());
        this.options.onEvent({ type: 'disconnected', url: this.shownUrl, code, reason: reason || undefined });
        this.options.onClosed({ code, reason, requested: this.requested });
      });
    });
  }

  /** Sends one JSON message; false when the socket is not open (the message is dropped). */
  send(message: object): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** Resolves once an `init_ack` has named a context, or after `ms` (servers of view A send none). */
  async waitForInitAck(ms: number): Promise<void> {
    if (this.serverContextId || this.closed) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    await new Promise<void>((resolve) => {
      this.ackWaiter = resolve;
      timer = setTimeout(resolve, ms);
    });
    clearTimeout(timer);
    this.ackWaiter = null;
  }

  /** `{"terminate":true}`, then our close, waiting a bounded time for the server's before dropping the socket. */
  async terminate(): Promise<void> {
    this.requested = true;
    this.stopKeepalive();
    const socket = this.socket;
    if (!socket || this.closed) return;
    if (socket.readyState === WebSocket.OPEN) {
      this.send(TERMINATE_MESSAGE);
      socket.close(1000);
    } else if (socket.readyState === WebSocket.CONNECTING) {
      socket.terminate();
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<boolean>(
      (resolve) => (timer = setTimeout(() => resolve(true), this.options.closeTimeoutMs)),
    );
    if (await Promise.race([this.whenClosed.then(() => false), late])) socket.terminate();
    clearTimeout(timer);
    await this.whenClosed;
  }

  private stopKeepalive(): void {
    if (this.keepalive) clearInterval(this.keepalive);
    this.keepalive = null;
  }
}

/** The way out of a WebSocket that cannot connect: the HTTP transport may get through where it does not. */
export const WS_NETWORK_HINT = `${NETWORK_HINT} The HTTP transport may work where the WebSocket does not.`;

function networkError(message: string): StudioError {
  return new StudioError({ code: 'NETWORK', message, hint: WS_NETWORK_HINT });
}

/** Failures worth another connection: the network, a server error, a timeout. The rest would fail again. */
export function isRetryable(error: unknown): boolean {
  return !isStudioError(error) || ['NETWORK', 'SERVER', 'TIMEOUT'].includes(error.code);
}
