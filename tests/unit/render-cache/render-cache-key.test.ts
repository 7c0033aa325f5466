import { describe, expect, it } from 'vitest';
import type { OutputFormat } from '../../../shared/audio-format';
import type { LexiconEntry } from '../../../shared/lexicon';
import type { Block, SpeakerVoice, Take } from '../../../shared/project';
import { affectedBy } from '../../../electron/engine/lexicon/apply-lexicon';
import { canonicalJson } from '../../../electron/engine/render-cache/canonical-json';
import {
  blockCacheKey,
  isStale,
  renderCacheKey,
  type RenderCacheKeyInput,
} from '../../../electron/engine/render-cache/render-cache-key';

const base: RenderCacheKeyInput = {
  text: 'Hello there.',
  engine: 'async',
  voice: { voiceId: 'v1', modelId: 'async_flash_v1.0', language: 'en', speed: 1, stability: 50 },
  output: { container: 'raw', encoding: 'pcm_s16le', sampleRate: 44100 },
};

describe('canonicalJson', () => {
  it('sorts keys at every level, drops undefined and normalises numbers', () => {
    expect(canonicalJson({ b: 1.0, a: [{ z: -0, y: undefined, x: 'é' }], c: undefined, d: null })).toBe(
      '{"a":[{"x":"é","z":0}],"b":1,"d":null}',
    );
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ a: NaN })).toThrow();
    expect(() => canonicalJson({ a: Infinity })).toThrow();
    expect(() => canonicalJson({ a: () => 1 })).toThrow();
  });
});

describe('renderCacheKey', () => {
  it('is a SHA-256 hex string, the same however the objects were built', () => {
    const key = renderCacheKey(base);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    const reordered: RenderCacheKeyInput = {
      output: { sampleRate: 44100, encoding: 'pcm_s16le', container: 'raw' },
      voice: { stability: 50, speed: 1.0, language: 'en', modelId: 'async_flash_v1.0', voiceId: 'v1' },
      engine: 'async',
      text: 'Hello there.',
    };
    expect(renderCacheKey(reordered)).toBe(key);
    expect(renderCacheKey({ ...base, output: { ...base.output, bitRate: undefined } })).toBe(key);
  });

  it('treats a null and an omitted language alike (both auto-detect)', () => {
    const { language: _language, ...noLanguage } = base.voice;
    expect(renderCacheKey({ ...base, voice: { ...base.voice, language: null } })).toBe(
      renderCacheKey({ ...base, voice: noLanguage }),
    );
  });

  it('changes when any field changes', () => {
    const variants: RenderCacheKeyInput[] = [
      { ...base, text: 'Hello there!' },
      { ...base, text: 'Hello there. ' },
      { ...base, engine: 'offline' },
      { ...base, voice: { ...base.voice, voiceId: 'v2' } },
      { ...base, voice: { ...base.voice, modelId: 'async_echo_v1.0' } },
      { ...base, voice: { ...base.voice, language: 'fr' } },
      { ...base, voice: { ...base.voice, language: null } },
      { ...base, voice: { ...base.voice, speed: 1.1 } },
      { ...base, voice: { ...base.voice, stability: 51 } },
      { ...base, voice: { ...base.voice, stability: undefined } },
      { ...base, output: { ...base.output, container: 'wav' } },
      { ...base, output: { ...base.output, encoding: 'pcm_f32le' } },
      { ...base, output: { ...base.output, sampleRate: 24000 } },
      { ...base, output: { ...base.output, bitRate: 128000 } },
    ];
    const keys = new Set([base, ...variants].map(renderCacheKey));
    expect(keys.size).toBe(variants.length + 1);
  });
});

describe('blockCacheKey with a lexicon', () => {
  const speaker: SpeakerVoice = { engine: 'offline', voiceId: 'slt', modelId: 'flite', language: 'en' };
  const output: OutputFormat = { container: 'raw', encoding: 'pcm_s16le', sampleRate: 24000 };
  const entry = (id: string, match: string, replacement: string): LexiconEntry => ({
    id,
    match,
    kind: 'ipa',
    replacement,
    caseSensitive: false,
    wholeWord: true,
  });
  const texts = [
    'Dr. Nguyen arrived.',
    'The nguyen family waved.',
    'Nothing to change here.',
    'Tomato or tomato?',
    'Nguyens are plural, not a whole-word match.',
    'A tag <phonemes>nguyen</phonemes> is left alone.',
  ];
  const before = [entry('ng', 'Nguyen', 'wɪn'), entry('tom', 'tomato', 'təˈmɑːtoʊ')];

  function changedBlocks(after: LexiconEntry[]): number[] {
    return texts
      .map((text, i) => ({
        i,
        a: blockCacheKey({ text }, speaker, before, output),
        b: blockCacheKey({ text }, speaker, after, output),
      }))
      .filter(({ a, b }) => a !== b)
      .map(({ i }) => i);
  }

  it('changes exactly the keys of the blocks whose text an edited entry affects', () => {
    const after = [entry('ng', 'Nguyen', 'ŋwiən'), before[1]!];
    expect(changedBlocks(after)).toEqual([0, 1]);
    // The same blocks affectedBy names for the edited entry.
    expect(texts.map((t, i) => (affectedBy(t, before).includes('ng') ? i : -1)).filter((i) => i >= 0)).toEqual([0, 1]);
  });

  it('changes exactly the keys of the blocks a new or removed entry affects', () => {
    expect(changedBlocks([...before, entry('here', 'here', 'hɪə')])).toEqual([2]);
    expect(changedBlocks([before[0]!])).toEqual([3]);
  });

  it('leaves every key alone when an entry that matches nothing is added', () => {
    expect(changedBlocks([...before, entry('zzz', 'Zanzibar', 'zænzɪbɑː')])).toEqual([]);
  });
});

describe('isStale', () => {
  const take = (id: string, cacheKey: string): Take => ({
    id,
    file: `${id}.wav`,
    createdAt: '2026-01-01T00:00:00.000Z',
    cacheKey,
    provenance: {
      text: 'x',
      voice: { voiceId: 'slt', modelId: 'flite' },
      engine: 'offline',
      transport: 'ws',
      sampleRate: 24000,
      durationSeconds: 1,
      timings: { timeToFirstAudioMs: null, totalMs: 1 },
    },
  });
  const block = (selectedTakeId: string | null): Pick<Block, 'takes' | 'selectedTakeId'> => ({
    takes: [take('t1', 'old'), take('t2', 'new')],
    selectedTakeId,
  });

  it('is stale without a selected take or when the selected take was made from other inputs', () => {
    expect(isStale(block(null), 'new')).toBe(true);
    expect(isStale(block('t1'), 'new')).toBe(true);
    expect(isStale(block('t2'), 'new')).toBe(false);
    expect(isStale({ takes: [], selectedTakeId: null }, 'new')).toBe(true);
  });
});
