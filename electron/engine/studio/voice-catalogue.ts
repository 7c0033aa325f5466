import { StudioError } from '../../../shared/errors';
import type { InvokeRequest, InvokeResponses } from '../../../shared/ipc-contract';
import { matchesVoiceFilter, type Voice } from '../../../shared/voices';
import { AsyncHttpClient } from '../async/http-client';
import { encodeWav } from '../audio/wav';
import { OFFLINE_VOICES } from '../offline/offline-voices';
import { renderToPcm } from '../render-script';
import type { EnginePool } from './engine-pool';
import type { KeyManager } from './key-manager';
import type { SettingsStore } from './settings-store';
import { cachedLoad } from './promise-cache';
import { synthesisSettingsFor } from './synthesis-settings';

/** What an offline voice says when previewed. */
export const PREVIEW_SENTENCE = 'Hello! This is how I sound reading your script.';
const PREVIEW_RATE = 24000;
/** Previews kept in memory: the picker plays the same few over and over. */
const PREVIEW_CACHE = 32;

type Preview = InvokeResponses['voices:preview'];

export interface VoiceCatalogue {
  list(request: InvokeRequest<'voices:list'>): Promise<Voice[]>;
  preview(request: InvokeRequest<'voices:preview'>): Promise<Preview>;
}

/**
 * The voice picker's data: each engine's whole catalogue, fetched once per engine, endpoint and key
 * and filtered here, and a voice's preview clip (the Async sample, or the offline voice speaking a
 * sample sentence).
 */
export function createVoiceCatalogue(options: {
  pool: EnginePool;
  keys: KeyManager;
  settings: SettingsStore;
}): VoiceCatalogue {
  const { pool, keys, settings } = options;
  const catalogues = new Map<string, Promise<Voice[]>>();
  const previews = new Map<string, Promise<Preview>>();

  const catalogue = (engine: 'async' | 'offline'): Promise<Voice[]> => {
    const current = settings.get();
    const key = engine === 'offline' ? 'offline' : `async|${current.httpUrl}|${keys.generation()}`;
    // One catalogue per engine: the one for an old key or endpoint is dropped.
    for (const old of catalogues.keys()) if (old !== key && old.startsWith(engine)) catalogues.delete(old);
    return cachedLoad(catalogues, key, 2, async () => {
      const lease = await pool.lease(engine, current);
      try {
        return await lease.engine.provider.listVoices();
      } finally {
        lease.release();
      }
    });
  };

  const offlinePreview = async (voiceId: string): Promise<Preview> => {
    const current = settings.get();
    const lease = await pool.lease('offline', current);
    try {
      // The voice as it is (no speed change), at a fixed rate: the clip is cached per voice.
      const request = synthesisSettingsFor(
        { ...current, offlineVoiceId: voiceId, speed: null },
        'offline',
        PREVIEW_RATE,
      );
      const take = await renderToPcm(lease.engine.provider, [{ text: PREVIEW_SENTENCE, sentenceEnd: true }], {
        settings: () => request,
      });
      return { bytes: encodeWav(take.pcm, take.sampleRate), mimeType: 'audio/wav' };
    } finally {
      lease.release();
    }
  };

  const asyncPreview = async (voiceId: string, httpUrl: string, wsUrl: string): Promise<Preview> => {
    const config = keys.asyncConfig({ httpUrl, wsUrl });
    if (!config) {
      throw new StudioError({
        code: 'AUTH',
        message: 'Previews of Async voices need an API key.',
        hint: 'Add your Async API key.',
      });
    }
    const clip = await new AsyncHttpClient(config).fetchVoicePreview(voiceId);
    return { bytes: clip.bytes, mimeType: clip.contentType };
  };

  return {
    async list({ engine, filter }) {
      const voices = await catalogue(engine);
      return filter ? voices.filter((voice) => matchesVoiceFilter(voice, filter)) : voices;
    },
    preview({ voiceId }) {
      if (OFFLINE_VOICES.some((voice) => voice.id === voiceId)) {
        return cachedLoad(previews, `offline|${voiceId}`, PREVIEW_CACHE, () => offlinePreview(voiceId));
      }
      const { httpUrl, wsUrl } = settings.get();
      return cachedLoad(previews, `async|${httpUrl}|${keys.generation()}|${voiceId}`, PREVIEW_CACHE, () =>
        asyncPreview(voiceId, httpUrl, wsUrl),
      );
    },
  };
}
