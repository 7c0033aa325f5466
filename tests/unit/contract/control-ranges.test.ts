import { describe, expect, it } from 'vitest';
import { MODELS, SPEED, STABILITY } from '../../../shared/models';
import { SpeakerVoiceSchema } from '../../../shared/project';
import { AppSettingsSchema, DEFAULT_SETTINGS } from '../../../shared/settings';

const speaker = { engine: 'async', voiceId: 'v', modelId: 'async_flash_v1.0' } as const;

/** Whether the settings file and a project's speaker each accept this speed and stability. */
function stored(field: 'speed' | 'stability', value: number): [boolean, boolean] {
  return [
    AppSettingsSchema.safeParse({ ...DEFAULT_SETTINGS, [field]: value }).success,
    SpeakerVoiceSchema.safeParse({ ...speaker, [field]: value }).success,
  ];
}

describe('speed and stability ranges', () => {
  it('are the model table’s own, for the model that has the controls', () => {
    const flash = MODELS.find((m) => m.id === 'async_flash_v1.0')!;
    expect(flash.controls).toEqual({ speed: SPEED, stability: STABILITY });
  });

  it('bound what settings and projects store, ends included', () => {
    for (const value of [SPEED.min, SPEED.default, SPEED.max])
      expect(stored('speed', value), `${value}`).toEqual([true, true]);
    for (const value of [SPEED.min - SPEED.step, SPEED.max + SPEED.step]) {
      expect(stored('speed', value), `${value}`).toEqual([false, false]);
    }
    for (const value of [STABILITY.min, STABILITY.default, STABILITY.max]) {
      expect(stored('stability', value), `${value}`).toEqual([true, true]);
    }
    for (const value of [STABILITY.min - 1, STABILITY.max + 1, STABILITY.default + 0.5]) {
      expect(stored('stability', value), `${value}`).toEqual([false, false]);
    }
  });
});
