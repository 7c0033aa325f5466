import { checkSynthesisRequest, findModel, MODELS, type Endpoint } from '../../shared/models';
import { DEFAULT_OUTPUT_FORMAT, type Container, type Encoding, type OutputFormat } from '../../shared/audio-format';
import { failure, type ApiFailure } from './api-failure';
import type { ApiVoice } from './voice-catalogue';

/** A synthesis request the simulator accepted, in its own terms. */
export interface SynthesisParams {
  modelId: string;
  voice: ApiVoice;
  output: OutputFormat;
  language: string | null;
  speed?: number;
  stability?: number;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure };

const bad = (message: string, extra: Record<string, unknown> | null = null): Checked<never> => ({
  ok: false,
  failure: failure(400, 'INVALID_REQUEST', message, extra),
});

/** A plain JSON object (not null, not an array). */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkModel(value: unknown): Checked<string> {
  if (typeof value !== 'string') return bad('model_id is required and must be a string.', { field: 'model_id' });
  if (value.startsWith('asyncflow_')) {
    return bad(`Model ${value} has been retired; use one of ${MODELS.map((m) => m.id).join(', ')}.`, {
      model_id: value,
    });
  }
  if (!findModel(value)) {
    return bad(`Model ${value} not found; use one of ${MODELS.map((m) => m.id).join(', ')}.`, { model_id: value });
  }
  return { ok: true, value };
}

function checkVoice(value: unknown, voices: readonly ApiVoice[]): Checked<ApiVoice> {
  if (!isRecord(value) || value.mode !== 'id' || typeof value.id !== 'string') {
    return bad('voice must be {"mode": "id", "id": "<voice id>"}.', { field: 'voice' });
  }
  const voice = voices.find((v) => v.voice_id === value.id);
  if (!voice) {
    return {
      ok: false,
      failure: failure(404, 'VOICE_NOT_FOUND', `Voice ${value.id} not found.`, { voice_id: value.id }),
    };
  }
  return { ok: true, value: voice };
}

function checkOutputShape(value: unknown, required: boolean): Checked<OutputFormat> {
  if (value === undefined && !required) return { ok: true, value: DEFAULT_OUTPUT_FORMAT };
  if (!isRecord(value)) return bad('output_format is required and must be an object.', { field: 'output_format' });
  const { container, encoding = 'pcm_s16le', sample_rate, bit_rate } = value;
  if (typeof container !== 'string' || typeof sample_rate !== 'number') {
    return bad('output_format needs a string "container" and a numeric "sample_rate".', { field: 'output_format' });
  }
  if (typeof encoding !== 'string' || (bit_rate !== undefined && typeof bit_rate !== 'number')) {
    return bad('output_format.encoding must be a string and bit_rate a number.', { field: 'output_format' });
  }
  return {
    ok: true,
    value: {
      container: container as Container,
      encoding: encoding as Encoding,
      sampleRate: sample_rate,
      bitRate: bit_rate as number | undefined,
    },
  };
}

function optionalNumber(body: Record<string, unknown>, key: string): Checked<number | undefined> {
  const value = body[key];
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (typeof value !== 'number') return bad(`${key} must be a number.`, { field: key });
  return { ok: true, value };
}

/**
 * Validates the fields a synthesis request shares across the WebSocket init and the three HTTP
 * endpoints, with the one model table's rules (model, endpoint, language, speed/stability, format).
 */
export function checkSynthesisParams(
  body: Record<string, unknown>,
  endpoint: Endpoint,
  voices: readonly ApiVoice[],
): Checked<SynthesisParams> {
  const model = checkModel(body.model_id);
  if (!model.ok) return model;
  const voice = checkVoice(body.voice, voices);
  if (!voice.ok) return voice;
  const output = checkOutputShape(body.output_format, endpoint !== 'websocket');
  if (!output.ok) return output;
  const language = body.language ?? null;
  if (language !== null && typeof language !== 'string') return bad('language must be a string or null.');
  const speed = optionalNumber(body, 'speed_control');
  if (!speed.ok) return speed;
  const stability = optionalNumber(body, 'stability');
  if (!stability.ok) return stability;

  const problems = checkSynthesisRequest({
    modelId: model.value,
    endpoint,
    language,
    speed: speed.value,
    stability: stability.value,
    output: output.value,
  });
  const problem = problems[0];
  if (problem?.field === 'language') {
    return {
      ok: false,
      failure: failure(400, 'INVALID_LANGUAGE', `Language code '${language}' is not supported. ${problem.message}`, {
        language,
      }),
    };
  }
  if (problem) return bad(problem.message, { field: problem.field });
  if (output.value.container === 'mp3' && endpoint === 'websocket') {
    return {
      ok: false,
      failure: failure(400, 'FORMAT_NOT_RECOGNIZED', 'The simulator sends mp3 over HTTP only; ask for raw audio.', {
        container: 'mp3',
      }),
    };
  }
  return {
    ok: true,
    value: {
      modelId: model.value,
      voice: voice.value,
      output: output.value,
      language: language || null,
      speed: speed.value,
      stability: stability.value,
    },
  };
}
