import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../shared/errors';
import { synthesisBody, type SpeechRequest } from '../../../electron/engine/async/http-request';

const base: SpeechRequest = {
  text: 'Hello there.',
  voiceId: 'e0f39dc4-f691-4e78-bba5-5c636692cc04',
  modelId: 'async_flash_v1.0',
  output: { container: 'raw', encoding: 'pcm_s16le', sampleRate: 24000 },
};

function failure(request: SpeechRequest, endpoint: Parameters<typeof synthesisBody>[1]): StudioError {
  try {
    synthesisBody(request, endpoint);
  } catch (error) {
    return error as StudioError;
  }
  throw new Error('expected the request to be refused');
}

describe('synthesisBody', () => {
  it('builds the documented body and leaves out what is unset', () => {
    expect(synthesisBody(base, 'http_streaming')).toEqual({
      model_id: 'async_flash_v1.0',
      transcript: 'Hello there.',
      voice: { mode: 'id', id: 'e0f39dc4-f691-4e78-bba5-5c636692cc04' },
      output_format: { container: 'raw', encoding: 'pcm_s16le', sample_rate: 24000 },
    });
    expect(synthesisBody({ ...base, language: null }, 'http_streaming')).not.toHaveProperty('language');
  });

  it('adds language, speed_control and stability when given', () => {
    expect(synthesisBody({ ...base, language: 'fr', speed: 1.2, stability: 40 }, 'http_sync')).toMatchObject({
      language: 'fr',
      speed_control: 1.2,
      stability: 40,
    });
  });

  it('sends bit_rate for mp3 only', () => {
    const mp3 = { ...base, output: { container: 'mp3', encoding: 'pcm_s16le', sampleRate: 44100, bitRate: 128000 } };
    expect(synthesisBody(mp3 as SpeechRequest, 'http_sync').output_format).toEqual({
      container: 'mp3',
      encoding: 'pcm_s16le',
      sample_rate: 44100,
      bit_rate: 128000,
    });
  });

  it('refuses invalid requests with BAD_INPUT listing every problem', () => {
    const error = failure(
      {
        ...base,
        modelId: 'async_flash_v1.5',
        language: 'ja',
        speed: 1.5,
        output: { ...base.output, sampleRate: 4000 },
      },
      'http_sync',
    );
    expect(error).toBeInstanceOf(StudioError);
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toContain('HTTP (whole file)');
    expect(error.message).toContain('Japanese');
    expect(error.message).toContain('speed');
    expect(error.message).toContain('Sample rate');
    expect(error.hint).toBeTruthy();
  });

  it('refuses blank text and a missing voice', () => {
    expect(failure({ ...base, text: '  ' }, 'http_streaming').message).toContain('no text');
    expect(failure({ ...base, voiceId: '' }, 'http_streaming').message).toContain('No voice');
  });

  it('refuses wav on the streaming endpoint', () => {
    const wav = { ...base, output: { ...base.output, container: 'wav' as const } };
    expect(failure(wav, 'http_streaming').code).toBe('BAD_INPUT');
    expect(synthesisBody(wav, 'http_sync').output_format).toMatchObject({ container: 'wav' });
  });
});
