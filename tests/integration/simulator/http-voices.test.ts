import { describe, expect, it } from 'vitest';
import type { ApiVoice } from '../../simulator/index';
import { parseWav } from '../../../electron/engine/audio/wav';
import { DEFAULT_VOICE_ID } from '../../../shared/models';
import { isLanguageCode } from '../../../shared/languages';
import { post, rms, useSimulator } from './helpers';

const sim = useSimulator();

type Page = { voices: ApiVoice[]; next_cursor: string | null };

async function listAll(
  filter: Record<string, unknown>,
  limit?: number,
): Promise<{ voices: ApiVoice[]; pages: number }> {
  const voices: ApiVoice[] = [];
  let after: string | null = null;
  let pages = 0;
  do {
    const res = await post(sim, '/voices', { ...filter, limit, ...(after ? { after } : {}) });
    expect(res.status).toBe(200);
    const page = (await res.json()) as Page;
    voices.push(...page.voices);
    after = page.next_cursor;
    pages++;
  } while (after);
  return { voices, pages };
}

describe('voice catalogue', () => {
  it('has at least 30 realistic voices including the default one', () => {
    expect(sim.voices.length).toBeGreaterThanOrEqual(30);
    expect(sim.voices.some((v) => v.voice_id === DEFAULT_VOICE_ID)).toBe(true);
    expect(new Set(sim.voices.map((v) => v.voice_id)).size).toBe(sim.voices.length);
    for (const v of sim.voices) {
      expect(v.language.split(',').every(isLanguageCode)).toBe(true);
      expect(['Male', 'Female', 'Neutral']).toContain(v.gender);
    }
    expect(sim.voices.filter((v) => v.voice_type === 'CUSTOM').length).toBeGreaterThanOrEqual(2);
    expect(sim.voices.some((v) => v.created_at.endsWith('Z'))).toBe(true);
    expect(sim.voices.some((v) => /\.\d{6}$/.test(v.created_at))).toBe(true);
  });
});

describe('POST /voices', () => {
  it('pages through the whole catalogue with next_cursor, 10 per page by default, null at the end', async () => {
    const { voices, pages } = await listAll({});
    expect(voices).toEqual(sim.voices);
    expect(pages).toBe(Math.ceil(sim.voices.length / 10));
    const bySeven = await listAll({}, 7);
    expect(bySeven.voices).toEqual(sim.voices);
    expect(bySeven.pages).toBe(Math.ceil(sim.voices.length / 7));
  });

  it('accepts no body at all (the n8n node sends none)', async () => {
    const res = await fetch(`${sim.httpUrl}/voices`, { method: 'POST', headers: { 'x-api-key': sim.apiKey } });
    expect(((await res.json()) as Page).voices).toHaveLength(10);
  });

  it('filters by language, gender, accent, style and my_voice', async () => {
    const french = (await listAll({ language: 'fr' })).voices;
    expect(french.length).toBeGreaterThan(0);
    expect(french.every((v) => v.language.split(',').includes('fr'))).toBe(true);
    const female = (await listAll({ gender: 'female' })).voices;
    expect(female.length).toBeGreaterThan(0);
    expect(female.every((v) => v.gender === 'Female')).toBe(true);
    const british = (await listAll({ accent: 'British' })).voices;
    expect(british.map((v) => v.accent)).toEqual(british.map(() => 'British (UK)'));
    const stories = (await listAll({ style: 'storytelling' })).voices;
    expect(stories.length).toBeGreaterThan(0);
    expect(stories.every((v) => v.style.includes('Storytelling'))).toBe(true);
    const mine = (await listAll({ my_voice: true })).voices;
    expect(mine.map((v) => v.voice_type)).toEqual(['CUSTOM', 'CUSTOM']);
    const combined = (await listAll({ language: 'en', gender: 'Male', style: 'News' })).voices;
    expect(combined.every((v) => v.gender === 'Male' && v.style.includes('News'))).toBe(true);
    expect((await listAll({ language: 'nl' })).voices).toEqual([]);
    expect((await listAll({ model_id: 'async_flash_v1.0' })).voices).toEqual(sim.voices);
  });

  it('rejects bad limits, cursors, languages and models', async () => {
    for (const body of [{ limit: 0 }, { limit: 101 }, { limit: 2.5 }, { after: 'nope' }, { model_id: 'x' }]) {
      expect((await post(sim, '/voices', body)).status).toBe(400);
    }
    const res = await post(sim, '/voices', { language: 'xx' });
    expect(await res.json()).toMatchObject({ detail: { error_code: 'INVALID_LANGUAGE' } });
  });
});

describe('single voices and previews', () => {
  it('GET /voices/{id} returns the voice or VOICE_NOT_FOUND', async () => {
    const headers = { 'x-api-key': sim.apiKey };
    const ok = await fetch(`${sim.httpUrl}/voices/${DEFAULT_VOICE_ID}`, { headers });
    expect(await ok.json()).toEqual(sim.voices.find((v) => v.voice_id === DEFAULT_VOICE_ID));
    const missing = await fetch(`${sim.httpUrl}/voices/unknown-id`, { headers });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      detail: {
        error_code: 'VOICE_NOT_FOUND',
        message: 'Voice unknown-id not found.',
        extra: { voice_id: 'unknown-id' },
      },
    });
  });

  it('POST /voices/batch returns the known voices in the order asked', async () => {
    const ids = [sim.voices[3]!.voice_id, 'unknown', sim.voices[0]!.voice_id];
    const res = await post(sim, '/voices/batch', { voice_ids: ids });
    expect(await res.json()).toEqual([sim.voices[3], sim.voices[0]]);
    expect((await post(sim, '/voices/batch', { voice_ids: 'x' })).status).toBe(400);
  });

  it('GET /voices/preview/{id} gives a signed URL whose clip downloads without a key', async () => {
    const res = await fetch(`${sim.httpUrl}/voices/preview/${DEFAULT_VOICE_ID}`, {
      headers: { 'x-api-key': sim.apiKey },
    });
    const { signed_url } = (await res.json()) as { signed_url: string };
    expect(signed_url.startsWith(sim.httpUrl)).toBe(true);
    const clip = await fetch(signed_url);
    expect(clip.headers.get('content-type')).toBe('audio/wav');
    const wav = parseWav(new Uint8Array(await clip.arrayBuffer()));
    expect(wav.pcm.length / wav.sampleRate).toBeGreaterThan(1);
    expect(rms(wav.pcm)).toBeGreaterThan(0.02);
    // Another first character, whatever it was (replacing it with a fixed one missed 1 time in 16).
    const tampered = await fetch(signed_url.replace(/signature=(\w)/, (_, c) => `signature=${c === '0' ? '1' : '0'}`));
    expect(tampered.status).toBe(403);
  });

  it('has no preview for cloned voices', async () => {
    const custom = sim.voices.find((v) => v.voice_type === 'CUSTOM')!;
    const res = await fetch(`${sim.httpUrl}/voices/preview/${custom.voice_id}`, {
      headers: { 'x-api-key': sim.apiKey },
    });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ detail: { error_code: 'VOICE_PREVIEW_NOT_FOUND' } });
  });

  it('gives different voices different sounds', async () => {
    const speak = async (id: string) =>
      new Uint8Array(
        await (
          await post(sim, '/text_to_speech', {
            model_id: 'async_flash_v1.0',
            transcript: 'Same words.',
            voice: { mode: 'id', id },
            output_format: { container: 'raw', encoding: 'pcm_s16le', sample_rate: 16000 },
          })
        ).arrayBuffer(),
      );
    const female = sim.voices.filter((v) => v.gender === 'Female').slice(0, 2);
    const [a, b] = await Promise.all(female.map((v) => speak(v.voice_id)));
    expect(Buffer.from(a!).equals(Buffer.from(b!))).toBe(false);
  });
});
