import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { StudioError } from '../../shared/errors';
import { ENCODINGS } from '../../shared/audio-format';
import { TRUE_PEAK_CEILING_DBTP } from '../../shared/loudness';
import { DEFAULT_MODEL_ID } from '../../shared/models';
import { characterCount, type SynthesisSettings } from '../../shared/synthesis';
import { aggregateText } from '../engine/async/text-aggregator';
import { encodeAudioFile, exportFormatFromPath } from '../engine/audio/encode-file';
import { writeFileAtomic } from '../engine/fs/atomic-write';
import { renderToPcm } from '../engine/render-script';
import { choiceFlag, numberFlag } from './args';
import type { CliContext } from './context';
import { UsageError } from './exit-codes';
import { openCliEngine } from './open-engine';
import { createProgress } from './progress';

/** `voice-studio say`: speaks a script with the chosen engine and writes a WAV, MP3 or Ogg file. */
export async function sayCommand(ctx: CliContext): Promise<number> {
  const { values } = ctx;
  const out = values.out;
  if (!out) throw new UsageError('say needs --out FILE (.wav, .mp3 or .ogg).');
  const format = exportFormatFromPath(out);
  if (!format) throw new UsageError(`--out must end in .wav, .mp3 or .ogg; got "${out}".`);
  const transport = choiceFlag(values, 'transport', ['ws', 'http'] as const) ?? 'ws';
  const aggregation = choiceFlag(values, 'aggregation', ['sentence', 'token'] as const) ?? 'sentence';
  const encoding = choiceFlag(values, 'encoding', ENCODINGS) ?? 'pcm_s16le';
  const sampleRate = numberFlag(values, 'sample-rate') ?? 44100;
  const normalize = numberFlag(values, 'normalize');
  if (normalize !== undefined && (normalize > -5 || normalize < -40)) {
    throw new UsageError(`--normalize takes a loudness target from -40 to -5 LUFS, e.g. -16; got ${normalize}.`);
  }
  const text = await readScript(ctx);

  const engine = await openCliEngine(ctx, transport);
  if (engine.notice && !values.quiet) ctx.stderr.write(`${engine.notice}\n`);
  try {
    const settings: SynthesisSettings = {
      voiceId: values.voice ?? engine.defaultVoiceId,
      modelId: values.model ?? DEFAULT_MODEL_ID,
      language: values.language ?? null,
      speed: numberFlag(values, 'speed'),
      stability: numberFlag(values, 'stability'),
      output: { container: 'raw', encoding, sampleRate },
    };
    engine.check(settings);

    const pieces = aggregateText(text, aggregation);
    const sentences = pieces.filter((p) => p.sentenceEnd).length || 1;
    const progress = createProgress(ctx.stderr, { sentences, characters: characterCount(text) }, Boolean(values.quiet));
    if (!values.quiet) {
      ctx.stderr.write(`Speaking ${sentences} sentence${sentences === 1 ? '' : 's'} with ${engine.label}…\n`);
    }
    const take = await renderToPcm(engine.provider, pieces, { settings: () => settings, onProgress: progress.update });
    if (take.pcm.length === 0) {
      throw new StudioError({ code: 'SERVER', message: 'The engine returned no audio for this script.' });
    }
    const file = await encodeAudioFile(take.pcm, take.sampleRate, {
      format,
      normalize:
        normalize === undefined ? undefined : { targetLufs: normalize, truePeakCeilingDbtp: TRUE_PEAK_CEILING_DBTP },
    });
    await writeFileAtomic(resolve(out), file.bytes);
    const loudness = Number.isFinite(file.loudness.integratedLufs)
      ? `, ${file.loudness.integratedLufs.toFixed(1)} LUFS`
      : '';
    progress.done(
      `Wrote ${out}: ${file.durationSeconds.toFixed(2)} s, ${file.sampleRate} Hz ${format.toUpperCase()}${loudness}.`,
    );
    return 0;
  } finally {
    await engine.provider.close();
  }
}

async function readScript(ctx: CliContext): Promise<string> {
  const { values, positionals } = ctx;
  if (values.file && positionals.length) throw new UsageError('Give the script as TEXT or --file, not both.');
  let text: string;
  if (values.file === '-') text = await ctx.readStdin();
  else if (values.file) text = await readScriptFile(values.file);
  else text = positionals.join(' ');
  if (!text.trim()) {
    if (!values.file) throw new UsageError('say needs TEXT or --file.');
    throw new StudioError({ code: 'BAD_INPUT', message: `The script ${values.file} is empty.` });
  }
  return text;
}

async function readScriptFile(path: string): Promise<string> {
  try {
    if (!(await stat(path)).isFile()) throw new Error('not a file');
    return await readFile(path, 'utf8');
  } catch {
    throw new StudioError({
      code: 'BAD_INPUT',
      message: `Cannot read the script file "${path}".`,
      hint: 'Check the path.',
    });
  }
}
