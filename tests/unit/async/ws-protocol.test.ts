import { describe, expect, it } from 'vitest';
import { isStudioError } from '../../../shared/errors';
import { DEFAULT_VOICE_ID } from '../../../shared/models';
import type { SynthesisSettings } from '../../../shared/synthesis';
import {
  checkWsSettings,
  closeContextMessage,
  connectionKey,
  initMessage,
  normaliseTranscript,
  parseServerFrame,
  textMessage,
  wsUrl,
} from '../../../electron/engine/async/ws-protocol';

const base: SynthesisSettings = {
  voiceId: DEFAULT_VOICE_ID,
  modelId: 'async_flash_v1.0',
  output: { container: 'raw', encoding: 'pcm_s16le', sampleRate: 24000 },
};

describe('wsUrl', () => {
  it('puts the URL-encoded key and the version in the query string', () => {
    const url = wsUrl({
      apiKey: 'sk_a/b+c&d=e f',
      apiVersion: 'v1',
      httpUrl: 'https://api.async.com',
      wsUrl: 'wss://api.async.com/text_to_speech/websocket/ws',
    });
    expect(url).toBe('wss://api.async.com/text_to_speech/websocket/ws?api_key=sk_a%2Fb%2Bc%26d%3De%20f&version=v1');
    expect(new URL(url).searchParams.get('api_key')).toBe('sk_a/b+c&d=e f');
  });
});

describe('initMessage', () => {
  it('has exactly model, voice and format when nothing else is set: no language key at all', () => {
    expect(initMessage(base)).toStrictEqual({
      model_id: 'async_flash_v1.0',
      voice: { mode: 'id', id: DEFAULT_VOICE_ID },
      output_format: { container: 'raw', encoding: 'pcm_s16le', sample_rate: 24000 },
    });
    expect('language' in initMessage({ ...base, language: null })).toBe(false);
    expect('language' in initMessage({ ...base, language: '' })).toBe(false);
  });

  it('adds language, speed_control and stability when set and the model has the controls', () => {
    expect(initMessage({ ...base, language: 'fr', speed: 1.25, stability: 40 })).toStrictEqual({
      model_id: 'async_flash_v1.0',
      voice: { mode: 'id', id: DEFAULT_VOICE_ID },
      output_format: { container: 'raw', encoding: 'pcm_s16le', sample_rate: 24000 },
      language: 'fr',
      speed_control: 1.25,
      stability: 40,
    });
  });

  it('leaves speed and stability out for a model without those controls', () => {
    const message = initMessage({ ...base, modelId: 'async_flash_v1.5', speed: 1.25, stability: 40 });
    expect(message).not.toHaveProperty('speed_control');
    expect(message).not.toHaveProperty('stability');
  });

  it('sends bit_rate for mp3 only', () => {
    expect(
      initMessage({ ...base, output: { container: 'mp3', encoding: 'pcm_s16le', sampleRate: 44100, bitRate: 128000 } }),
    ).toMatchObject({ output_format: { container: 'mp3', sample_rate: 44100, bit_rate: 128000 } });
    expect(initMessage({ ...base, output: { ...base.output, bitRate: 128000 } }).output_format).not.toHaveProperty(
      'bit_rate',
    );
  });
});

describe('connectionKey', () => {
  it('differs exactly when the connection-scoped settings differ', () => {
    expect(connectionKey(base)).toBe(connectionKey({ ...base }));
    expect(connectionKey(base)).not.toBe(connectionKey({ ...base, voiceId: 'other' }));
    expect(connectionKey(base)).not.toBe(connectionKey({ ...base, language: 'en' }));
    expect(connectionKey(base)).not.toBe(connectionKey({ ...base, output: { ...base.output, sampleRate: 16000 } }));
    expect(connectionKey(base)).not.toBe(connectionKey({ ...base, speed: 1.5 }));
  });
});

describe('client messages', () => {
  it.each([
    ['Hello.', 'Hello. '],
    ['Hello.   ', 'Hello. '],
    ['  Hello.\n', 'Hello. '],
    ['word', 'word '],
  ])('normalises %j to end with exactly one space', (input, expected) => {
    expect(normaliseTranscript(input)).toBe(expected);
  });

  it('forces every text and closes a context with an empty transcript', () => {
    expect(textMessage('ctx', 'Hi. ')).toStrictEqual({ transcript: 'Hi. ', context_id: 'ctx', force: true });
    expect(closeContextMessage('ctx')).toStrictEqual({ context_id: 'ctx', close_context: true, transcript: '' });
  });
});

describe('checkWsSettings', () => {
  const problem = (settings: SynthesisSettings) => {
    try {
      checkWsSettings(settings);
      return null;
    } catch (error) {
      expect(isStudioError(error) && error.code).toBe('BAD_INPUT');
      return (error as Error).message;
    }
  };

  it('accepts valid settings', () => {
    expect(problem(base)).toBeNull();
  });

  it.each<[string, Partial<SynthesisSettings>, RegExp]>([
    ['unknown model', { modelId: 'asyncflow_v2.0' }, /Unknown model/],
    ['language the model lacks', { modelId: 'async_flash_v1.5', language: 'ja' }, /does not speak Japanese/],
    ['speed on a model without it', { modelId: 'async_pro_v1.0', speed: 1.2 }, /no speed control/],
    ['stability out of range', { stability: 120 }, /stability must be between/],
    ['no voice', { voiceId: '' }, /No voice/],
    [
      'mp3 (not decodable as it streams)',
      { output: { container: 'mp3', encoding: 'pcm_s16le', sampleRate: 44100 } },
      /raw/,
    ],
    ['sample rate', { output: { container: 'raw', encoding: 'pcm_s16le', sampleRate: 4000 } }, /Sample rate/],
  ])('refuses %s with BAD_INPUT', (_name, change, message) => {
    expect(problem({ ...base, ...change })).toMatch(message);
  });
});

describe('parseServerFrame', () => {
  it.each([
    [
      'audio',
      '{"context_id":"c","audio":"AAA=","final":false}',
      { kind: 'audio', contextId: 'c', audio: 'AAA=', final: false },
    ],
    ['final', '{"context_id":"c","audio":"","final":true}', { kind: 'audio', contextId: 'c', audio: '', final: true }],
    [
      'final without audio key',
      '{"context_id":"c","final":true}',
      { kind: 'audio', contextId: 'c', audio: '', final: true },
    ],
    [
      'audio without context',
      '{"context_id":null,"audio":"AAA=","final":false}',
      { kind: 'audio', contextId: undefined, audio: 'AAA=', final: false },
    ],
    ['init_ack', '{"event":"init_ack","context_id":"srv"}', { kind: 'init-ack', contextId: 'srv' }],
    ['init_ack without id', '{"event":"init_ack"}', { kind: 'init-ack', contextId: undefined }],
    [
      'error',
      '{"error_code":"TIMEOUT","message":"Timeout: no message received in 60.0 seconds","request_id":"unknown","extra":null}',
      {
        kind: 'error',
        body: { error_code: 'TIMEOUT', message: 'Timeout: no message received in 60.0 seconds', extra: null },
      },
    ],
    ['unknown', '{"event":"something_new","x":1}', { kind: 'unknown', data: { event: 'something_new', x: 1 } }],
    [
      'not JSON',
      '{"context_id": "oops", "audio": <not json',
      { kind: 'malformed', raw: '{"context_id": "oops", "audio": <not json' },
    ],
    ['a JSON array', '[1,2]', { kind: 'malformed', raw: '[1,2]' }],
    ['a JSON string', '"audio"', { kind: 'malformed', raw: '"audio"' }],
    ['null', 'null', { kind: 'malformed', raw: 'null' }],
  ])('reads %s', (_name, raw, expected) => {
    expect(parseServerFrame(raw)).toStrictEqual(expected);
  });
});
