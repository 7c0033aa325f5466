import { rawPcmOf } from '../../shared/audio-format';
import { StudioError } from '../../shared/errors';
import {
  checkControl,
  checkOutputFormat,
  checkSynthesisRequest,
  DEFAULT_MODEL_ID,
  DEFAULT_VOICE_ID,
  findModel,
  type Endpoint,
} from '../../shared/models';
import type { SynthesisSettings, Transport } from '../../shared/synthesis';
import { resolveAsyncConfig } from './async/config';
import { AsyncHttpClient, type WordTiming } from './async/http-client';
import { decodePcm } from './audio/pcm-codec';
import { AsyncHttpProvider } from './async/http-provider';
import { AsyncWsProvider } from './async/ws-provider';
import { OfflineProvider } from './offline/offline-provider';
import { OFFLINE_VOICES } from './offline/offline-voices';
import type { TtsProvider } from './tts-provider';

export interface OpenEngineOptions {
  /** Unset: Async when a key is available, otherwise the offline engine. */
  requested?: 'async' | 'offline';
  transport: Transport;
  env?: Record<string, string | undefined>;
  apiKey?: string;
  apiUrl?: string;
  wsUrl?: string;
}

export interface OpenedEngine {
  provider: TtsProvider;
  kind: 'async' | 'offline';
  /** How the engine is described to the user, e.g. "Async (WebSocket streaming)". */
  label: string;
  defaultVoiceId: string;
  /** Something the user should know about the choice, e.g. that no key was found. */
  notice: string | null;
  /** Throws StudioError BAD_INPUT, listing every problem, when these settings cannot be sent. */
  check(settings: SynthesisSettings): void;
  /**
   * Async only: the whole text in one `/text_to_speech/with_timestamps` request, with the time of
   * every word (for captions). Not streamed, so it is for renders, not for listening live.
   */
  speakWithWordTimings?(text: string, settings: SynthesisSettings, signal?: AbortSignal): Promise<WordTimedAudio>;
}

export interface WordTimedAudio {
  pcm: Float32Array;
  sampleRate: number;
  words: WordTiming[];
}

const ENDPOINT_BY_TRANSPORT: Record<Transport, Endpoint> = { ws: 'websocket', http: 'http_streaming' };

/**
 * Chooses and opens the speech engine from a key, endpoints and the user's wish: the one place the
 * CLI, the Electron main process and the web shell make that choice, so they all behave alike.
 */
export async function openEngine(options: OpenEngineOptions): Promise<OpenedEngine> {
  const config = resolveAsyncConfig(
    { apiKey: options.apiKey, httpUrl: options.apiUrl, wsUrl: options.wsUrl },
    options.env ?? process.env,
  );
  if (options.requested === 'offline' || (!options.requested && !config)) {
    return {
      provider: new OfflineProvider(),
      kind: 'offline',
      label: 'the offline engine (Flite)',
      defaultVoiceId: OFFLINE_VOICES[0]!.id,
      notice: options.requested ? null : 'No ASYNCAI_API_KEY set: speaking with the offline engine (Flite).',
      check: checkOffline,
    };
  }
  if (!config) {
    throw new StudioError({
      code: 'AUTH',
      message: 'The Async engine needs an API key.',
      hint: 'Set ASYNCAI_API_KEY, or use --engine offline.',
    });
  }
  const http = new AsyncHttpClient(config);
  const provider = options.transport === 'ws' ? new AsyncWsProvider(config, { http }) : new AsyncHttpProvider(http);
  const endpoint = ENDPOINT_BY_TRANSPORT[options.transport];
  return {
    provider,
    kind: 'async',
    label: `Async (${options.transport === 'ws' ? 'WebSocket streaming' : 'HTTP streaming'})`,
    defaultVoiceId: DEFAULT_VOICE_ID,
    notice: null,
    check: (settings) => {
      const problems = checkSynthesisRequest({ ...settings, endpoint });
      if (problems.length) throw badInput(problems.map((p) => p.message));
    },
    async speakWithWordTimings(text, settings, signal) {
      const output = rawPcmOf(settings.output);
      const timed = await http.synthesizeWithTimestamps({ ...settings, output, text }, signal);
      return { pcm: decodePcm(timed.audio, output.encoding), sampleRate: output.sampleRate, words: timed.words };
    },
  };
}

/** The offline engine ignores model, language and stability; the voice, speed and format still matter. */
function checkOffline(settings: SynthesisSettings): void {
  const problems: string[] = [];
  if (!OFFLINE_VOICES.some((v) => v.id === settings.voiceId)) {
    problems.push(
      `The offline engine has no voice "${settings.voiceId}"; use one of ${OFFLINE_VOICES.map((v) => v.id).join(', ')}.`,
    );
  }
  // The same range, and message, as an Async request to the default model.
  problems.push(
    ...checkControl(findModel(DEFAULT_MODEL_ID)!, 'speed', settings.speed).map((p) => p.message),
    ...checkOutputFormat(settings.output, 'websocket').map((p) => p.message),
  );
  if (problems.length) throw badInput(problems);
}

function badInput(problems: string[]): StudioError {
  return new StudioError({
    code: 'BAD_INPUT',
    message: problems.join(' '),
    hint: 'Change the settings and try again.',
  });
}
