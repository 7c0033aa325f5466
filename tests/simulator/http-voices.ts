import { createHmac, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { findModel } from '../../shared/models';
import { isLanguageCode } from '../../shared/languages';
import { encodeWav } from '../../electron/engine/audio/wav';
import { failure } from './api-failure';
import { sendBytes, sendFailure, sendJson } from './http-io';
import type { SimContext } from './sim-context';
import { filterVoices, type ApiVoice } from './voice-catalogue';

const DEFAULT_PAGE = 10;
const MAX_PAGE = 100;
const PREVIEW_RATE = 24000;
/** Signs preview links for this process only, like the API's expiring signed URLs. */
const PREVIEW_SECRET = randomBytes(16);

const previewSignature = (voiceId: string) =>
  createHmac('sha256', PREVIEW_SECRET).update(voiceId).digest('hex').slice(0, 32);

const badRequest = (message: string, extra: Record<string, unknown> | null = null) =>
  failure(400, 'INVALID_REQUEST', message, extra);

const voiceNotFound = (voiceId: string) =>
  failure(404, 'VOICE_NOT_FOUND', `Voice ${voiceId} not found.`, { voice_id: voiceId });

const optionalString = (value: unknown) => value === undefined || value === null || typeof value === 'string';

/** POST /voices: every documented filter, cursor paging by voice id, `next_cursor` null on the last page. */
export function listVoices(body: Record<string, unknown>, res: ServerResponse, sim: SimContext): void {
  const { limit = DEFAULT_PAGE, after, language, gender, accent, style, model_id: modelId, my_voice: myVoice } = body;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
    sendFailure(res, sim, badRequest(`limit must be a whole number from 1 to ${MAX_PAGE}.`, { limit }));
    return;
  }
  if (
    ![after, language, gender, accent, style, modelId].every(optionalString) ||
    !['boolean', 'undefined'].includes(typeof myVoice)
  ) {
    sendFailure(res, sim, badRequest('Filters must be strings; my_voice must be a boolean.'));
    return;
  }
  if (language && language !== 'nl' && !isLanguageCode(language as string)) {
    sendFailure(
      res,
      sim,
      failure(400, 'INVALID_LANGUAGE', `Language code '${language}' is not supported.`, { language }),
    );
    return;
  }
  if (modelId && !findModel(modelId as string)) {
    sendFailure(res, sim, badRequest(`Model ${modelId} not found.`, { model_id: modelId }));
    return;
  }
  // The cursor is a position in the whole library, so a page boundary survives changed filters.
  const start = after ? sim.voices.findIndex((v) => v.voice_id === after) + 1 : 0;
  if (after && start === 0) {
    sendFailure(res, sim, badRequest(`Unknown cursor ${after}.`, { after }));
    return;
  }
  // Every model speaks the same library (asyncai-api.md §6.1), so model_id only has to exist.
  const matching = filterVoices(sim.voices.slice(start), {
    language: language as string | undefined,
    gender: gender as string | undefined,
    accent: accent as string | undefined,
    style: style as string | undefined,
    myVoices: myVoice === true,
  });
  const page = matching.slice(0, limit);
  const more = matching.length > limit;
  sendJson(res, 200, { voices: page, next_cursor: more ? page[page.length - 1]!.voice_id : null });
}

export function getVoice(voiceId: string, res: ServerResponse, sim: SimContext): void {
  const voice = sim.voices.find((v) => v.voice_id === voiceId);
  if (voice) sendJson(res, 200, voice);
  else sendFailure(res, sim, voiceNotFound(voiceId));
}

/** POST /voices/batch: the voices found, in the order asked; unknown ids are left out. */
export function batchVoices(body: Record<string, unknown>, res: ServerResponse, sim: SimContext): void {
  const ids = body.voice_ids;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
    sendFailure(res, sim, badRequest('voice_ids must be an array of voice ids.', { field: 'voice_ids' }));
    return;
  }
  sendJson(
    res,
    200,
    ids.flatMap((id) => sim.voices.filter((v) => v.voice_id === id)),
  );
}

/** GET /voices/preview/{id}: a signed link to a clip; cloned (CUSTOM) voices have none. */
export function previewLink(voiceId: string, res: ServerResponse, sim: SimContext): void {
  const voice = sim.voices.find((v) => v.voice_id === voiceId);
  if (!voice || voice.voice_type === 'CUSTOM') {
    sendFailure(
      res,
      sim,
      failure(404, 'VOICE_PREVIEW_NOT_FOUND', `No preview for voice ${voiceId}.`, { voice_id: voiceId }),
    );
    return;
  }
  const url = `${sim.httpUrl()}/preview-clips/${voiceId}.wav?signature=${previewSignature(voiceId)}`;
  sendJson(res, 200, { signed_url: url });
}

function previewText(voice: ApiVoice): string {
  return `Hello, I'm ${voice.name}. ${voice.description}`;
}

/** GET /preview-clips/{id}.wav?signature=…: the clip itself, no API key, like a CDN link. */
export async function previewClip(
  voiceId: string,
  signature: string | null,
  res: ServerResponse,
  sim: SimContext,
): Promise<void> {
  const voice = sim.voices.find((v) => v.voice_id === voiceId);
  if (!voice || signature !== previewSignature(voiceId)) {
    sendJson(res, 403, { detail: 'Invalid or expired signature.' });
    return;
  }
  const pcm = await sim.speech.speak(previewText(voice), { voice, sampleRate: PREVIEW_RATE });
  sendBytes(res, 'audio/wav', encodeWav(pcm, PREVIEW_RATE));
}
