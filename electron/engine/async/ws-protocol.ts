import { StudioError } from '../../../shared/errors';
import { checkSynthesisRequest, findModel } from '../../../shared/models';
import type { SynthesisSettings } from '../../../shared/synthesis';
import { readApiErrorBody, type ApiErrorBody } from './api-errors';
import type { AsyncConfig } from './config';
import { parseJson } from './http-errors';
import { outputFormatBody } from './http-request';

/**
 * The messages of the Async WebSocket (asyncai-api.md §3): what the client sends, built exactly as
 * the spec and the tested clients do, and what the server sends, read defensively.
 */

/** The socket URL. The key can only travel in the query string (§2), so it is URL-encoded here and redacted everywhere else. */
export function wsUrl(config: AsyncConfig): string {
  return `${config.wsUrl}?api_key=${encodeURIComponent(config.apiKey)}&version=${encodeURIComponent(config.apiVersion)}`;
}

/**
 * Throws BAD_INPUT, listing every problem, when these settings cannot go over the WebSocket. The
 * container must be raw: the provider hands out decoded PCM, and only raw PCM decodes as it streams.
 */
export function checkWsSettings(settings: SynthesisSettings): void {
  const problems = checkSynthesisRequest({ ...settings, endpoint: 'websocket' }).map((p) => p.message);
  if (!settings.voiceId) problems.push('No voice is selected.');
  if (settings.output.container !== 'raw') {
    problems.push(`Streaming plays raw PCM; choose container "raw" (got "${settings.output.container}").`);
  }
  if (problems.length > 0) {
    throw new StudioError({
      code: 'BAD_INPUT',
      message: `The WebSocket synthesis cannot start: ${problems.join(' ')}`,
      hint: 'Change the voice, model, language or output settings and try again.',
    });
  }
}

/**
 * The first message of a connection. It fixes model, voice, format and language for the whole
 * connection (§3.2 note 1). `language` is omitted, not null, when unset (auto-detect); speed and
 * stability are sent only when set and only to a model that has those controls.
 */
export function initMessage(settings: SynthesisSettings): Record<string, unknown> {
  const controls = findModel(settings.modelId)?.controls;
  const message: Record<string, unknown> = {
    model_id: settings.modelId,
    voice: { mode: 'id', id: settings.voiceId },
    output_format: outputFormatBody(settings.output),
  };
  if (settings.language) message.language = settings.language;
  if (settings.speed !== undefined && controls?.speed) message.speed_control = settings.speed;
  if (settings.stability !== undefined && controls?.stability) message.stability = settings.stability;
  return message;
}

/** Settings that need the same connection produce the same key (the init message is what a connection fixes). */
export function connectionKey(settings: SynthesisSettings): string {
  return JSON.stringify(initMessage(settings));
}

/** The docs ask that every transcript chunk end with exactly one space (§3.2 note 3); Pipecat's forgot it. */
export function normaliseTranscript(text: string): string {
  return `${text.trim()} `;
}

/** Text for a context, forced: without `force` the server waits for "enough" text and stalls (Pipecat #2428). */
export function textMessage(contextId: string, transcript: string) {
  return { transcript, context_id: contextId, force: true };
}

/** Ends a context: the server completes its audio, then sends `final` (§3.2 note 4). */
export function closeContextMessage(contextId: string) {
  return { context_id: contextId, close_context: true, transcript: '' };
}

/** Whitespace into the default context: counts as activity for the 60 s idle rule and yields no audio (§3.6). */
export const KEEPALIVE_MESSAGE = { transcript: ' ' } as const;
export const TERMINATE_MESSAGE = { terminate: true } as const;

export type ServerFrame =
  | { kind: 'audio'; contextId: string | undefined; audio: string; final: boolean }
  | { kind: 'error'; body: ApiErrorBody }
  | { kind: 'init-ack'; contextId: string | undefined }
  | { kind: 'unknown'; data: Record<string, unknown> }
  | { kind: 'malformed'; raw: string };

/** Reads one server text frame; never throws, whatever arrives. */
export function parseServerFrame(raw: string): ServerFrame {
  const data = parseJson(raw);
  if (!data || typeof data !== 'object' || Array.isArray(data)) return { kind: 'malformed', raw };
  const record = data as Record<string, unknown>;
  const contextId = typeof record.context_id === 'string' && record.context_id ? record.context_id : undefined;
  if (typeof record.error_code === 'string') return { kind: 'error', body: readApiErrorBody(record) };
  if (record.event === 'init_ack') return { kind: 'init-ack', contextId };
  if (typeof record.audio === 'string' || record.final === true) {
    return {
      kind: 'audio',
      contextId,
      audio: typeof record.audio === 'string' ? record.audio : '',
      final: record.final === true,
    };
  }
  return { kind: 'unknown', data: record };
}
