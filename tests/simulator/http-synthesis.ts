import type { ServerResponse } from 'node:http';
import type { Endpoint } from '../../shared/models';
import type { OutputFormat } from '../../shared/audio-format';
import { encodePcm } from '../../electron/engine/audio/pcm-codec';
import { encodeWav } from '../../electron/engine/audio/wav';
import { DEFAULT_MP3_BIT_RATE, encodeMp3, MP3_BIT_RATES } from '../../electron/engine/audio/mp3';
import { failure } from './api-failure';
import { pacedChunks } from './faults';
import { sendBytes, sendFailure, sendJson } from './http-io';
import type { SimContext } from './sim-context';
import { checkSynthesisParams, type SynthesisParams } from './synthesis-request';

export type SynthesisRoute = 'tts' | 'stream' | 'timestamps';

const ENDPOINTS: Record<SynthesisRoute, Endpoint> = {
  tts: 'http_sync',
  stream: 'http_streaming',
  timestamps: 'http_timestamps',
};

export const QUOTA_MARKER = '--ERROR:QUOTA_EXCEEDED--';

/** LAME takes only its standard bit rates; the API accepts any value from 32k to 320k. */
function nearestBitRate(bitRate: number | undefined): number {
  const wanted = bitRate ?? DEFAULT_MP3_BIT_RATE;
  return MP3_BIT_RATES.reduce((best, rate) => (Math.abs(rate - wanted) < Math.abs(best - wanted) ? rate : best));
}

/** A whole file in the requested container. */
async function encodeFile(
  pcm: Float32Array,
  output: OutputFormat,
): Promise<{ contentType: string; bytes: Uint8Array }> {
  if (output.container === 'mp3') {
    const bytes = await encodeMp3(pcm, output.sampleRate, { bitRate: nearestBitRate(output.bitRate) });
    return { contentType: 'audio/mpeg', bytes };
  }
  if (output.container === 'wav') {
    const format = output.encoding === 'pcm_f32le' ? 'f32' : 's16';
    return { contentType: 'audio/wav', bytes: encodeWav(pcm, output.sampleRate, { format }) };
  }
  return { contentType: 'application/octet-stream', bytes: encodePcm(pcm, output.encoding) };
}

/** Answers 429 while the `http429` switch has requests left to refuse; returns whether it did. */
function rateLimited(res: ServerResponse, sim: SimContext): boolean {
  const fault = sim.faults.http429;
  if (!fault || fault.count <= 0) return false;
  sim.faults.http429 = fault.count > 1 ? { ...fault, count: fault.count - 1 } : null;
  const messages = {
    RATE_LIMIT_EXCEEDED: ['Rate limit exceeded.', { limit: 120, retry_after_ms: fault.retryAfterMs }],
    TOO_MANY_CONCURRENT_REQUESTS: ['Too many concurrent requests.', { limit: 5, current: 7 }],
    USAGE_LIMIT_EXCEEDED: ['Monthly usage limit exceeded.', { limit: 600, current: 600 }],
  } as const;
  const [message, extra] = messages[fault.code];
  sendFailure(res, sim, failure(429, fault.code, message, { ...extra }));
  return true;
}

/** POST /text_to_speech, /text_to_speech/streaming and /text_to_speech/with_timestamps. */
export async function handleSynthesis(
  route: SynthesisRoute,
  body: Record<string, unknown>,
  res: ServerResponse,
  sim: SimContext,
  requestedAt: number,
): Promise<void> {
  if (rateLimited(res, sim)) return;
  if (typeof body.transcript !== 'string') {
    sendFailure(res, sim, failure(400, 'INVALID_REQUEST', 'transcript is required and must be a string.'));
    return;
  }
  const checked = checkSynthesisParams(body, ENDPOINTS[route], sim.voices);
  if (!checked.ok) {
    sendFailure(res, sim, checked.failure);
    return;
  }
  const params = checked.value;
  const request = { voice: params.voice, sampleRate: params.output.sampleRate, speed: params.speed };
  if (route === 'stream') {
    await streamAudio(res, sim, params, sim.speech.speak(body.transcript, request), requestedAt);
  } else if (route === 'tts') {
    const pcm = await sim.speech.speak(body.transcript, request);
    await wholeAudioTime(pcm, params.output.sampleRate, sim, requestedAt);
    const { contentType, bytes } = await encodeFile(pcm, params.output);
    sendBytes(res, contentType, bytes);
  } else {
    const { pcm, words } = await sim.speech.speakTimed(body.transcript, request);
    await wholeAudioTime(pcm, params.output.sampleRate, sim, requestedAt);
    sendJson(res, 200, {
      audio_base64: Buffer.from((await encodeFile(pcm, params.output)).bytes).toString('base64'),
      alignment: {
        words: words.map((w) => w.word),
        word_start_times_milliseconds: words.map((w) => Math.floor(w.startMs)),
        word_end_times_milliseconds: words.map((w) => Math.floor(w.endMs)),
      },
    });
  }
}

/**
 * A whole-file answer comes when the last chunk of the same audio would have streamed (the same
 * `firstAudioMs` and `realtimeFactor`), as a real server must make all the audio first.
 */
async function wholeAudioTime(pcm: Float32Array, sampleRate: number, sim: SimContext, requestedAt: number) {
  for await (const chunk of pacedChunks(
    pcm,
    sampleRate,
    () => sim.faults,
    requestedAt,
    () => false,
  ))
    void chunk;
}

/**
 * Chunked `application/octet-stream`, paced like the WebSocket. One byte of every chunk is held
 * back into the next, so chunk boundaries fall inside samples and clients must carry partial
 * samples. mp3 is encoded whole and its bytes handed out in step with the audio they carry. The
 * quota fault cuts the audio after N bytes and appends the in-band marker.
 */
async function streamAudio(
  res: ServerResponse,
  sim: SimContext,
  params: SynthesisParams,
  audio: Promise<Float32Array>,
  requestedAt: number,
): Promise<void> {
  let gone = false;
  res.on('close', () => (gone = true));
  res.writeHead(200, { 'content-type': 'application/octet-stream' });
  res.flushHeaders();
  const quota = sim.faults.quotaMarkerAfterBytes;
  const { output } = params;
  const pcm = await audio;
  const mp3 = output.container === 'mp3' ? (await encodeFile(pcm, output)).bytes : null;
  const bytesUpTo = (samples: number) => Math.floor((samples / pcm.length) * mp3!.byteLength);
  let held: Uint8Array = new Uint8Array(0);
  let written = 0;
  let samples = 0;
  /** Writes audio bytes; returns false once the quota is used up (the body has then ended). */
  const write = (bytes: Uint8Array): boolean => {
    const room = quota === null ? bytes.byteLength : Math.min(bytes.byteLength, quota - written);
    if (room > 0) res.write(bytes.subarray(0, room));
    written += room;
    if (quota !== null && written >= quota) {
      res.end(QUOTA_MARKER);
      return false;
    }
    return true;
  };
  for await (const chunk of pacedChunks(
    pcm,
    output.sampleRate,
    () => sim.faults,
    requestedAt,
    () => gone,
  )) {
    const encoded = mp3
      ? mp3.subarray(bytesUpTo(samples), bytesUpTo(samples + chunk.length))
      : encodePcm(chunk, output.encoding);
    samples += chunk.length;
    const bytes = new Uint8Array(held.byteLength + encoded.byteLength);
    bytes.set(held);
    bytes.set(encoded, held.byteLength);
    held = bytes.slice(bytes.byteLength - 1);
    if (!write(bytes.subarray(0, bytes.byteLength - 1))) return;
  }
  if (gone || !write(held)) return;
  res.end();
}
