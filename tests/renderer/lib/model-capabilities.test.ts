import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { controlStates, keepSettingsValid, languageOptions } from '../../../renderer/lib/model-capabilities';
import { ASYNC_VOICES } from '../fake-studio';

const bruno = ASYNC_VOICES.find((v) => v.id === 'v-bruno')!; // en, fr
const emi = ASYNC_VOICES.find((v) => v.id === 'v-emi')!; // ja, en

describe('controlStates', () => {
  it('enables speed and stability on Async Flash v1.0 only, saying why elsewhere', () => {
    expect(controlStates({ engine: 'async', modelId: 'async_flash_v1.0' }).speed).toEqual({
      enabled: true,
      reason: null,
    });
    const pro = controlStates({ engine: 'async', modelId: 'async_pro_v1.0' });
    expect(pro.speed).toEqual({ enabled: false, reason: 'Speed is only available on Async Flash v1.0.' });
    expect(pro.stability).toEqual({ enabled: false, reason: 'Stability is only available on Async Flash v1.0.' });
  });

  it('on the offline engine: no model or language choice, speed yes, stability no', () => {
    const offline = controlStates({ engine: 'offline', modelId: 'async_flash_v1.0' });
    expect(offline.model.enabled).toBe(false);
    expect(offline.language.enabled).toBe(false);
    expect(offline.speed.enabled).toBe(true);
    expect(offline.stability.enabled).toBe(false);
    expect(offline.model.reason).toMatch(/Async engine/);
  });
});

describe('languageOptions', () => {
  it('offers what both the model and the voice speak, after Auto-detect', () => {
    expect(languageOptions('async_flash_v1.5', bruno).map((o) => o.code)).toEqual([null, 'en', 'fr']);
    expect(languageOptions('async_flash_v1.0', emi).map((o) => o.name)).toEqual(['Auto-detect', 'English', 'Japanese']);
    expect(languageOptions('async_pro_v1.0', emi).map((o) => o.code)).toEqual([null, 'en']);
  });

  it('without a known voice, the model alone decides', () => {
    expect(languageOptions('async_flash_v1.5', undefined)).toHaveLength(7);
  });
});

describe('keepSettingsValid', () => {
  const settings = { ...DEFAULT_SETTINGS, engine: 'async' as const, language: 'ja', speed: 1.2, stability: 30 };

  it('resets a language the new model cannot speak and clears controls it lacks', () => {
    expect(keepSettingsValid(settings, { modelId: 'async_pro_v1.0' }, emi)).toEqual({
      modelId: 'async_pro_v1.0',
      language: null,
      speed: null,
      stability: null,
    });
  });

  it('keeps what still works', () => {
    expect(keepSettingsValid(settings, { voiceId: emi.id }, emi)).toEqual({ voiceId: emi.id });
  });

  it('resets the language when the new voice does not speak it', () => {
    expect(keepSettingsValid(settings, { voiceId: bruno.id }, bruno)).toEqual({ voiceId: bruno.id, language: null });
  });
});
