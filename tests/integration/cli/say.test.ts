import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeAudio } from '../../../electron/engine/audio/probe';
import { measureLoudness } from '../../../electron/engine/audio/loudness';
import { parseWav } from '../../../electron/engine/audio/wav';
import { startSimulator, type Simulator } from '../../simulator/index';
import { runVoiceStudio } from './cli-harness';

const SCRIPT = 'The lighthouse keeper climbed the stairs. He lit the lamp at dusk. Ships passed safely all night.';

let sim: Simulator;
let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  sim = await startSimulator({ faults: { realtimeFactor: Infinity, firstAudioMs: 0 } });
  dir = await mkdtemp(join(tmpdir(), 'avs-cli-'));
  env = { ASYNCAI_API_KEY: sim.apiKey, ASYNCAI_API_URL: sim.httpUrl, ASYNCAI_WS_URL: sim.wsUrl };
});

afterAll(async () => {
  await sim.close();
  await rm(dir, { recursive: true, force: true });
});

async function probeFile(name: string) {
  return probeAudio(new Uint8Array(await readFile(join(dir, name))));
}

describe('voice-studio say against the simulator', () => {
  it('writes WAV, MP3 and Ogg of the same script with the same length', async () => {
    for (const name of ['s.wav', 's.mp3', 's.ogg']) {
      const run = await runVoiceStudio(['say', SCRIPT, '--out', join(dir, name)], env);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(/Wrote .*s\.(wav|mp3|ogg)/);
    }
    const wav = await probeFile('s.wav');
    // Three sentences of speech: at least a second each, and far less than a minute.
    expect(wav.durationSeconds).toBeGreaterThan(3);
    expect(wav.durationSeconds).toBeLessThan(30);
    expect(wav.sampleRate).toBe(44100);
    for (const name of ['s.mp3', 's.ogg']) {
      const other = await probeFile(name);
      expect(other.sampleRate).toBe(44100);
      expect(Math.abs(other.durationSeconds - wav.durationSeconds)).toBeLessThan(0.06);
    }
    // Every sentence was sent once, each in its own context, over one connection.
    const texts = sim.recording.ws.flatMap((c) =>
      c.messages.map((m) => m.data as { transcript?: string }).filter((d) => d.transcript?.trim()),
    );
    expect(texts.map((t) => t.transcript)).toEqual(
      expect.arrayContaining(['The lighthouse keeper climbed the stairs. ', 'He lit the lamp at dusk. ']),
    );
  });

  it('speaks over HTTP with the requested rate and normalises loudness', async () => {
    sim.clearRecording();
    const out = join(dir, 'h.wav');
    const run = await runVoiceStudio(
      ['say', SCRIPT, '--transport', 'http', '--sample-rate', '24000', '--normalize', '-16', '--out', out],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(sim.recording.http.filter((r) => r.path === '/text_to_speech/streaming')).toHaveLength(3);
    const wav = parseWav(new Uint8Array(await readFile(out)));
    expect(wav.sampleRate).toBe(24000);
    const loudness = measureLoudness(wav.pcm, wav.sampleRate);
    expect(Math.abs(loudness.integratedLufs + 16)).toBeLessThan(0.6);
    expect(loudness.truePeakDbtp).toBeLessThanOrEqual(-0.9);
  });

  it('reads the script from a file, sends tokens in token mode, and reports progress', async () => {
    sim.clearRecording();
    const script = join(dir, 'script.txt');
    await writeFile(script, 'First line here.\n\nSecond line follows.');
    const run = await runVoiceStudio(
      ['say', '--file', script, '--aggregation', 'token', '--encoding', 'pcm_f32le', '--out', join(dir, 't.wav')],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/2\/2 sentences \(100%\)/);
    const init = sim.recording.ws[0]!.messages[0]!.data as { output_format: { encoding: string } };
    expect(init.output_format.encoding).toBe('pcm_f32le');
    const sent = sim.recording.ws
      .flatMap((c) => c.messages.map((m) => m.data as { transcript?: string; force?: boolean }))
      .filter((d) => d.transcript?.trim());
    // Token mode: more text messages than sentences, each ending in exactly one space and forced.
    expect(sent.length).toBeGreaterThan(2);
    for (const m of sent) {
      expect(m.transcript).toMatch(/\S $/);
      expect(m.force).toBe(true);
    }
  });
});

describe('voice-studio exit codes', () => {
  it('2 for usage errors', async () => {
    expect((await runVoiceStudio(['say', 'hi'], env)).code).toBe(2);
    expect((await runVoiceStudio(['say', 'hi', '--out', join(dir, 'x.flac')], env)).code).toBe(2);
    expect((await runVoiceStudio(['say', 'hi', '--out', join(dir, 'x.wav'), '--speed', 'fast'], env)).code).toBe(2);
    expect((await runVoiceStudio(['dance'], env)).code).toBe(2);
    expect((await runVoiceStudio(['say', 'hi', '--bogus'], env)).code).toBe(2);
  });

  it('3 for a bad key, without printing it', async () => {
    const run = await runVoiceStudio(['say', 'hi', '--out', join(dir, 'x.wav')], {
      ...env,
      ASYNCAI_API_KEY: 'sk_wrongwrongwrong',
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/API key/);
    expect(run.stderr + run.stdout).not.toContain('sk_wrongwrongwrong');
  });

  it('4 when the server cannot be reached', async () => {
    const run = await runVoiceStudio(['say', 'hi', '--transport', 'http', '--out', join(dir, 'x.wav')], {
      ...env,
      ASYNCAI_API_URL: 'http://127.0.0.1:9',
    });
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/offline engine/);
  });

  it('5 for bad input: unknown voice, language the model lacks, missing file', async () => {
    const voice = await runVoiceStudio(['say', 'hi', '--voice', 'nope', '--out', join(dir, 'x.wav')], env);
    expect(voice.code).toBe(5);
    const lang = await runVoiceStudio(
      ['say', 'hi', '--model', 'async_pro_v1.0', '--language', 'ja', '--out', join(dir, 'x.wav')],
      env,
    );
    expect(lang.code).toBe(5);
    expect(lang.stderr).toMatch(/does not speak Japanese/);
    const file = await runVoiceStudio(['say', '--file', join(dir, 'missing.txt'), '--out', join(dir, 'x.wav')], env);
    expect(file.code).toBe(5);
  });
});

describe('voice-studio with the offline engine', () => {
  it('is the default without a key and says so', async () => {
    const out = join(dir, 'offline.mp3');
    const run = await runVoiceStudio(['say', 'Offline speech works without a key.', '--out', out], {});
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/No ASYNCAI_API_KEY set: speaking with the offline engine/);
    const probe = await probeFile('offline.mp3');
    expect(probe.format).toBe('mp3');
    expect(probe.durationSeconds).toBeGreaterThan(1);
  });

  it('lists its voices', async () => {
    const run = await runVoiceStudio(['voices', '--json', '--engine', 'offline'], {});
    const voices = JSON.parse(run.stdout) as { id: string }[];
    expect(voices.map((v) => v.id)).toContain('offline:slt');
  });
});

describe('voice-studio voices and models', () => {
  it('returns the whole catalogue as JSON across pages', async () => {
    const run = await runVoiceStudio(['voices', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const voices = JSON.parse(run.stdout) as { id: string; gender: string }[];
    expect(voices).toHaveLength(sim.voices.length);
    const female = JSON.parse((await runVoiceStudio(['voices', '--json', '--gender', 'Female'], env)).stdout) as {
      gender: string;
    }[];
    expect(female.length).toBeGreaterThan(0);
    expect(female.every((v) => v.gender === 'Female')).toBe(true);
  });

  it('prints a table of voices and the models', async () => {
    const table = await runVoiceStudio(['voices', '--language', 'en'], env);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+GENDER/);
    const models = await runVoiceStudio(['models'], env);
    expect(models.stdout).toContain('async_flash_v1.0');
    expect(models.stdout).toMatch(/async_pro_v1\.0 .*\$1\.00\/hour/);
  });
});

describe('the voice-studio executable', () => {
  it('runs from bin/ as a real process and takes a script on standard input', async () => {
    const { execFile } = await import('node:child_process');
    const out = join(dir, 'stdin.wav');
    const result = await new Promise<{ code: number; stderr: string }>((resolvePromise) => {
      const child = execFile(
        process.execPath,
        ['bin/voice-studio.mjs', 'say', '--file', '-', '--engine', 'offline', '--quiet', '--out', out],
        (error, _stdout, stderr) => resolvePromise({ code: error ? Number(error.code) : 0, stderr }),
      );
      child.stdin!.end('Read from standard input.');
    });
    expect(result.code, result.stderr).toBe(0);
    expect((await probeFile('stdin.wav')).durationSeconds).toBeGreaterThan(0.5);
  });
});
