import type { OutputFormat } from '../../../shared/audio-format';
import { StudioError } from '../../../shared/errors';
import { checkSynthesisRequest, type Endpoint } from '../../../shared/models';
import type { SynthesisSettings } from '../../../shared/synthesis';

/** One synthesis over HTTP: the text and everything that decides how it sounds. */
export interface SpeechRequest extends SynthesisSettings {
  text: string;
}

/** `output_format` as the API spells it; `bit_rate` only for mp3 (asyncai-api.md §4.2). */
export function outputFormatBody(output: OutputFormat): Record<string, unknown> {
  const body: Record<string, unknown> = {
    container: output.container,
    encoding: output.encoding,
    sample_rate: output.sampleRate,
  };
  if (output.container === 'mp3' && output.bitRate !== undefined) body.bit_rate = output.bitRate;
  return body;
}

/**
 * Checks a request against the model table and builds the JSON body of the three
 * `/text_to_speech*` endpoints. Throws BAD_INPUT listing every problem, so nothing invalid is sent.
 */
export function synthesisBody(request: SpeechRequest, endpoint: Endpoint): Record<string, unknown> {
  const problems = checkSynthesisRequest({
    modelId: request.modelId,
    endpoint,
    language: request.language,
    speed: request.speed,
    stability: request.stability,
    output: request.output,
  }).map((p) => p.message);
  if (request.text.trim() === '') problems.unshift('There is no text to speak.');
  if (!request.voiceId) problems.push('No voice is selected.');
  if (problems.length > 0) {
    throw new StudioError({
      code: 'BAD_INPUT',
      message: `The synthesis request cannot be sent: ${problems.join(' ')}`,
      hint: 'Change the text, voice, model, language or output settings and try again.',
    });
  }
  const body: Record<string, unknown> = {
    model_id: request.modelId,
    transcript: request.text,
    voice: { mode: 'id', id: request.voiceId },
    output_format: outputFormatBody(request.output),
  };
  if (request.language) body.language = request.language;
  if (request.speed !== undefined) body.speed_control = request.speed;
  if (request.stability !== undefined) body.stability = request.stability;
  return body;
}
