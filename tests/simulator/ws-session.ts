import { randomUUID } from 'node:crypto';
import type { RawData, WebSocket } from 'ws';
import { encodePcm } from '../../electron/engine/audio/pcm-codec';
import { errorFrame, failure, type ApiFailure } from './api-failure';
import { pacedChunks } from './faults';
import { parseOrRaw, type WsRecord } from './recording';
import type { SimContext } from './sim-context';
import { checkSynthesisParams, isRecord, type SynthesisParams } from './synthesis-request';

/** Map key of the context used by messages without `context_id`; its frames echo `context_id: null`. */
const DEFAULT_CONTEXT = '\u0000default';
/** Without `force`, text waits in the context buffer until it is this long or ends a sentence. */
const BUFFER_FLUSH_CHARS = 100;
const SENTENCE_END = /[.!?…]["')\]]*\s*$/;
const INIT_KEYS = new Set(['model_id', 'voice', 'output_format', 'language', 'speed_control', 'stability']);
const TEXT_KEYS = new Set(['transcript', 'context_id', 'force', 'close_context']);
const MALFORMED_FRAME = '{"context_id": "oops", "audio": <not json';

interface Context {
  id: string | null;
  buffer: string;
  /** Synthesis jobs of this context run one after another so its audio stays in text order. */
  tail: Promise<void>;
  /** Jobs flushed but not yet fully streamed. */
  pending: number;
  cancelled: boolean;
}

const rawText = (data: RawData): string =>
  Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');

/**
 * One WebSocket connection, following the state machine of asyncai-api.md §3.9: init first, then
 * independent contexts whose audio may interleave; every §3.8 view-B behaviour is a fault switch.
 */
export class WsSession {
  private state: 'init' | 'ready' | 'closed' = 'init';
  private params: SynthesisParams | null = null;
  private serverContextId: string | null = null;
  private readonly contexts = new Map<string, Context>();
  private audioChunks = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly sim: SimContext,
    private readonly record: WsRecord,
  ) {
    ws.on('message', (data, isBinary) => this.onFrame(data, isBinary));
    ws.on('close', () => this.shutdown());
    ws.on('error', () => this.shutdown());
    this.armIdleTimer();
  }

  private onFrame(data: RawData, isBinary: boolean): void {
    if (this.state === 'closed') return;
    const text = rawText(data);
    const parsed = isBinary ? text : parseOrRaw(text);
    this.record.messages.push({ at: Date.now(), data: parsed });
    this.armIdleTimer();
    const receivedAt = performance.now();
    if (isBinary || !isRecord(parsed)) {
      this.reject('Messages must be JSON objects in text frames.');
    } else if (this.state === 'init') {
      this.init(parsed);
    } else {
      this.dispatch(parsed, receivedAt);
    }
  }

  private init(body: Record<string, unknown>): void {
    if (!('model_id' in body) && !('voice' in body)) {
      this.reject('The first message must initialise the connection with model_id, voice and output_format.');
      return;
    }
    const unknown = Object.keys(body).filter((k) => !INIT_KEYS.has(k));
    if (unknown.length) {
      this.reject(`Unknown field(s) in the init message: ${unknown.join(', ')}.`);
      return;
    }
    const checked = checkSynthesisParams(body, 'websocket', this.sim.voices);
    if (!checked.ok) {
      this.fail(checked.failure);
      return;
    }
    this.params = checked.value;
    this.state = 'ready';
    const { sendInitAck, strictServerContextIds } = this.sim.faults;
    if (sendInitAck || strictServerContextIds) {
      this.serverContextId = randomUUID();
      this.send({ event: 'init_ack', context_id: this.serverContextId });
    }
  }

  private dispatch(msg: Record<string, unknown>, receivedAt: number): void {
    const keys = Object.keys(msg);
    if ('terminate' in msg || 'text' in msg) {
      const closes = keys.length === 1 && (msg.terminate === true || msg.text === '');
      if (closes) this.close(1000, 'terminate');
      else this.reject('Close the connection with {"terminate": true} (or the legacy {"text": ""}).');
      return;
    }
    if (keys.some((k) => INIT_KEYS.has(k))) {
      this.reject(
        'The connection is already initialised: model, voice, language and output format are fixed per connection.',
      );
      return;
    }
    const unknown = keys.filter((k) => !TEXT_KEYS.has(k));
    const { transcript, context_id: contextId, force, close_context: closeContext } = msg;
    if (
      typeof transcript !== 'string' ||
      unknown.length ||
      (contextId !== undefined && typeof contextId !== 'string') ||
      (force !== undefined && typeof force !== 'boolean') ||
      (closeContext !== undefined && (closeContext !== true || typeof contextId !== 'string'))
    ) {
      this.reject(
        'Unrecognised message: expected {"transcript", "context_id"?, "force"?} or {"context_id", "close_context": true, "transcript": ""}' +
          (unknown.length ? ` (unknown field(s): ${unknown.join(', ')})` : '') +
          '.',
      );
      return;
    }
    const id = this.effectiveId(contextId);
    if (this.sim.faults.strictServerContextIds && id !== this.serverContextId) {
      this.sendFinal(id);
    } else if (closeContext) {
      this.closeContext(id, transcript, receivedAt);
    } else {
      this.onText(id, transcript, force === true, receivedAt);
    }
  }

  /** In strict mode a message without an id goes to the server's own context. */
  private effectiveId(contextId: string | undefined): string | null {
    return contextId ?? (this.sim.faults.strictServerContextIds ? this.serverContextId : null);
  }

  private onText(id: string | null, text: string, force: boolean, receivedAt: number): void {
    const existing = this.contexts.get(id ?? DEFAULT_CONTEXT);
    if (text === '' && this.sim.faults.finalOnEmptyTranscript) {
      this.closeContext(id, '', receivedAt);
      return;
    }
    if (!text.trim()) {
      // Whitespace is a keepalive: it never opens a context, but `force` flushes an existing one.
      if (existing) {
        existing.buffer += text;
        if (force) this.flush(existing, receivedAt);
      }
      return;
    }
    const injected = this.sim.faults.wsErrorOnNextText;
    if (injected) {
      this.sim.faults.wsErrorOnNextText = null;
      this.send(errorFrame({ ...injected, extra: null }));
      return;
    }
    const ctx = existing ?? this.openContext(id);
    ctx.buffer += text;
    if (force || ctx.buffer.length >= BUFFER_FLUSH_CHARS || SENTENCE_END.test(ctx.buffer)) this.flush(ctx, receivedAt);
  }

  private openContext(id: string | null): Context {
    const ctx: Context = { id, buffer: '', tail: Promise.resolve(), pending: 0, cancelled: false };
    this.contexts.set(id ?? DEFAULT_CONTEXT, ctx);
    return ctx;
  }

  private closeContext(id: string | null, transcript: string, receivedAt: number): void {
    const key = id ?? DEFAULT_CONTEXT;
    let ctx = this.contexts.get(key);
    if (transcript.trim()) {
      ctx ??= this.openContext(id);
      ctx.buffer += transcript;
    }
    if (!ctx) {
      this.sendFinal(id);
      return;
    }
    this.contexts.delete(key);
    const unfinished = ctx.pending > 0 || ctx.buffer.trim() !== '';
    if (this.sim.faults.truncateOnEarlyClose && unfinished) {
      ctx.cancelled = true;
      this.sendFinal(id);
      return;
    }
    this.flush(ctx, receivedAt);
    const closing = ctx;
    ctx.tail = ctx.tail.then(() => {
      if (!closing.cancelled) this.sendFinal(id);
    });
  }

  /** Starts synthesis of the buffered text now; its audio streams once earlier jobs of the context are done. */
  private flush(ctx: Context, receivedAt: number): void {
    const text = ctx.buffer;
    ctx.buffer = '';
    if (!text.trim() || !this.params) return;
    const { voice, output, speed } = this.params;
    const audio = this.sim.speech.speak(text, { voice, sampleRate: output.sampleRate, speed });
    ctx.pending++;
    ctx.tail = ctx.tail
      .then(() => this.stream(ctx, audio, receivedAt))
      .catch((error: unknown) =>
        this.send(errorFrame(failure(500, 'INTERNAL_ERROR', `Synthesis failed: ${String(error)}`))),
      )
      .finally(() => ctx.pending--);
  }

  private async stream(ctx: Context, audio: Promise<Float32Array>, receivedAt: number): Promise<void> {
    const pcm = await audio;
    const { sampleRate, encoding } = this.params!.output;
    const stopped = () => ctx.cancelled || this.state === 'closed';
    for await (const chunk of pacedChunks(pcm, sampleRate, () => this.sim.faults, receivedAt, stopped)) {
      this.sendAudio(ctx.id, Buffer.from(encodePcm(chunk, encoding)).toString('base64'));
    }
  }

  private sendAudio(id: string | null, audio: string): void {
    this.send({ context_id: id, audio, final: false });
    this.audioChunks++;
    const { malformedFrameEvery, dropAfterChunks, dropTimes } = this.sim.faults;
    if (malformedFrameEvery && this.audioChunks % malformedFrameEvery === 0) this.send(MALFORMED_FRAME);
    if (dropAfterChunks !== null && this.audioChunks >= dropAfterChunks && this.sim.droppedConnections < dropTimes) {
      this.sim.droppedConnections++;
      this.shutdown();
      this.ws.terminate();
    }
  }

  private sendFinal(id: string | null): void {
    this.send({ context_id: id, audio: '', final: true });
    if (this.sim.faults.closeSocketAfterFinal) this.close(1000, 'final sent');
  }

  private armIdleTimer(): void {
    clearTimeout(this.idleTimer);
    const ms = this.sim.faults.idleTimeoutMs;
    this.idleTimer = setTimeout(() => {
      this.send({
        error_code: 'TIMEOUT',
        message: `Timeout: no message received in ${(ms / 1000).toFixed(1)} seconds`,
        request_id: 'unknown',
        extra: null,
      });
      this.close(1008, 'idle timeout');
    }, ms);
  }

  /** A message that fits no documented shape: an error frame, and a close if it came instead of init. */
  private reject(message: string): void {
    this.fail(failure(400, 'INVALID_MESSAGE', message));
  }

  private fail(f: ApiFailure): void {
    this.send(errorFrame(f));
    if (this.state === 'init') this.close(1008, f.error_code);
  }

  private send(message: object | string): void {
    if (this.state === 'closed' || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  private close(code: number, reason: string): void {
    if (this.state === 'closed') return;
    this.shutdown();
    this.ws.close(code, reason);
  }

  private shutdown(): void {
    this.state = 'closed';
    clearTimeout(this.idleTimer);
    for (const ctx of this.contexts.values()) ctx.cancelled = true;
  }
}
