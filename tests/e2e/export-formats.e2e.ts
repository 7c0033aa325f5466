import { expect } from 'vitest';
import { measureLoudness } from '../../electron/engine/audio/loudness';
import { probeAudio } from '../../electron/engine/audio/probe';
import { parseWav } from '../../electron/engine/audio/wav';
import { studioTest } from './fixtures';
import { exportThroughDialog, makeTake, readSigned, type ExportChoice } from './studio-page';

const test = studioTest({ withKey: true });

/** Each format at a rate other than the take's, with and without loudness normalisation. */
const CHOICES: ExportChoice[] = [
  { format: 'wav', sampleRate: 48000, targetLufs: null },
  { format: 'wav', sampleRate: 22050, targetLufs: -23 },
  { format: 'mp3', sampleRate: 24000, targetLufs: null },
  { format: 'mp3', sampleRate: 44100, targetLufs: -16 },
  { format: 'ogg', sampleRate: 16000, targetLufs: null },
  { format: 'ogg', sampleRate: 48000, targetLufs: -19 },
];

/** "Measured loudness −16.0 LUFS integrated" → -16. */
function reportedLufs(report: string): number {
  const match = /Measured loudness (−?[\d.]+) LUFS/.exec(report);
  if (!match) throw new Error(`No loudness in "${report}"`);
  return readSigned(match[1]!);
}

test('export a take as WAV, MP3 and Ogg at chosen rates, with and without loudness normalisation', async ({
  studio,
}) => {
  const { page } = studio;
  const take = await makeTake(page, 'Every format, at the rate you choose. Loud enough, or as made.');
  expect(take.engine).toBe('async');

  for (const choice of CHOICES) {
    const label = `${choice.format} ${choice.sampleRate} Hz ${choice.targetLufs ?? 'as made'}`;
    const exported = await exportThroughDialog(studio, choice, {
      screenshot: `08-export-${choice.format}-${choice.sampleRate}`,
    });
    expect(exported.fileName, label).toMatch(new RegExp(`\\.${choice.format}$`));
    const probe = probeAudio(exported.bytes);
    expect(probe, label).toMatchObject({ format: choice.format, sampleRate: choice.sampleRate, channels: 1 });
    // Resampling and the encoders' frame padding (trimmed by the LAME tag and the Ogg granule) keep the length.
    expect(Math.abs(probe.durationSeconds - take.durationSeconds), label).toBeLessThan(0.03);
    const shown = reportedLufs(exported.report);
    if (choice.targetLufs !== null) expect(shown, label).toBeCloseTo(choice.targetLufs, 0);
    if (choice.format === 'wav') {
      // The project's own meter on the downloaded file agrees with the target and with the dialog.
      const wav = parseWav(exported.bytes);
      const measured = measureLoudness(wav.pcm, wav.sampleRate).integratedLufs;
      expect(Math.abs(measured - shown), label).toBeLessThan(0.2);
      if (choice.targetLufs !== null) expect(Math.abs(measured - choice.targetLufs), label).toBeLessThan(0.5);
    }
  }
});
