import { describe, expect, it } from 'vitest';
import { decodePcm, PcmStreamDecoder } from '../../../electron/engine/audio/pcm-codec';
import { parseWav } from '../../../electron/engine/audio/wav';
import { probeAudio } from '../../../electron/engine/audio/probe';
import { post, rms, synthesisBody, useSimulator } from './helpers';

const sim = useSimulator();

async function bytesOf(res: Response): Promise<Uint8Array> {
  return new Uint8Array(await res.arrayBuffer());
}

describe('POST /text_to_speech', () => {
  it('answers raw PCM at the requested rate', async () => {
    const res = await post(sim, '/text_to_speech', synthesisBody());
    expect(res.status).toBe(200);
    const pcm = decodePcm(await bytesOf(res), 'pcm_s16le');
    expect(pcm.length / 16000).toBeGreaterThan(1);
    expect(rms(pcm)).toBeGreaterThan(0.02);
  });

  it('answers a WAV file with the requested rate and sample format', async () => {
    const res = await post(
      sim,
      '/text_to_speech',
      synthesisBody({ output_format: { container: 'wav', encoding: 'pcm_f32le', sample_rate: 44100 } }),
    );
    expect(res.headers.get('content-type')).toBe('audio/wav');
    const bytes = await bytesOf(res);
    expect(new DataView(bytes.buffer).getUint16(20, true)).toBe(3);
    const wav = parseWav(bytes);
    expect(wav.sampleRate).toBe(44100);
    expect(rms(wav.pcm)).toBeGreaterThan(0.02);
  });

  it('encodes mp3 at the requested rate and bit rate', async () => {
    const body = synthesisBody({ output_format: { container: 'mp3', sample_rate: 44100, bit_rate: 128000 } });
    const res = await post(sim, '/text_to_speech', body);
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    const mp3 = probeAudio(await bytesOf(res));
    const raw = decodePcm(await bytesOf(await post(sim, '/text_to_speech', synthesisBody())), 'pcm_s16le');
    expect(mp3).toMatchObject({ format: 'mp3', sampleRate: 44100, channels: 1 });
    expect(mp3.durationSeconds).toBeCloseTo(raw.length / 16000, 2);
  });

  it('applies the model table: Pro is streaming-only, speed_control is Flash v1.0 only', async () => {
    const pro = await post(sim, '/text_to_speech', synthesisBody({ model_id: 'async_pro_v1.0' }));
    expect(pro.status).toBe(400);
    expect(await pro.json()).toMatchObject({ detail: { extra: { field: 'endpoint' } } });
    const speed = await post(
      sim,
      '/text_to_speech/streaming',
      synthesisBody({ model_id: 'async_flash_v1.5', speed_control: 1.2 }),
    );
    expect(speed.status).toBe(400);
    const fast = await post(sim, '/text_to_speech', synthesisBody({ speed_control: 2, stability: 40 }));
    const normal = await post(sim, '/text_to_speech', synthesisBody());
    expect((await bytesOf(fast)).length).toBeLessThan((await bytesOf(normal)).length * 0.7);
  });

  it('validates the body: transcript, voice and language', async () => {
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [synthesisBody({ transcript: undefined }), 400, 'INVALID_REQUEST'],
      [synthesisBody({ voice: { mode: 'id', id: 'missing' } }), 404, 'VOICE_NOT_FOUND'],
      [synthesisBody({ language: 'xx' }), 400, 'INVALID_LANGUAGE'],
      [synthesisBody({ output_format: undefined }), 400, 'INVALID_REQUEST'],
    ];
    for (const [body, status, code] of cases) {
      const res = await post(sim, '/text_to_speech', body);
      expect(res.status).toBe(status);
      expect(await res.json()).toMatchObject({ detail: { error_code: code } });
    }
  });
});

describe('POST /text_to_speech/streaming', () => {
  it('streams paced chunks, some of them ending inside a sample', async () => {
    sim.setFaults({ realtimeFactor: 10, chunkMs: 50, firstAudioMs: 0 });
    const res = await post(
      sim,
      '/text_to_speech/streaming',
      synthesisBody({ output_format: { container: 'raw', encoding: 'pcm_s16le', sample_rate: 24000 } }),
    );
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    const decoder = new PcmStreamDecoder('pcm_s16le');
    const sizes: number[] = [];
    const decoded: Float32Array[] = [];
    for await (const chunk of res.body!) {
      sizes.push(chunk.byteLength);
      decoded.push(decoder.push(chunk));
    }
    expect(sizes.length).toBeGreaterThan(3);
    expect(sizes.some((n) => n % 2 === 1)).toBe(true);
    expect(decoder.pendingBytes).toBe(0);
    const samples = decoded.reduce((n, d) => n + d.length, 0);
    const whole = await post(
      sim,
      '/text_to_speech',
      synthesisBody({ output_format: { container: 'raw', encoding: 'pcm_s16le', sample_rate: 24000 } }),
    );
    expect(samples).toBe((await bytesOf(whole)).length / 2);
  });

  it('streams μ-law, which only the streaming endpoints offer', async () => {
    const res = await post(
      sim,
      '/text_to_speech/streaming',
      synthesisBody({ output_format: { container: 'raw', encoding: 'pcm_mulaw', sample_rate: 8000 } }),
    );
    const pcm = decodePcm(await bytesOf(res), 'pcm_mulaw');
    expect(pcm.length / 8000).toBeGreaterThan(1);
    expect(rms(pcm)).toBeGreaterThan(0.02);
  });

  it('streams mp3 as the same file the whole-file endpoint gives, spread over the chunks', async () => {
    sim.setFaults({ realtimeFactor: 10, chunkMs: 50, firstAudioMs: 0 });
    const body = synthesisBody({ output_format: { container: 'mp3', sample_rate: 24000, bit_rate: 64000 } });
    const res = await post(sim, '/text_to_speech/streaming', body);
    const chunks: Uint8Array[] = [];
    for await (const chunk of res.body!) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(3);
    const whole = await bytesOf(await post(sim, '/text_to_speech', body));
    expect(Buffer.concat(chunks).equals(Buffer.from(whole))).toBe(true);
  });

  it('writes the in-band quota marker after N audio bytes and ends the body', async () => {
    sim.setFaults({ quotaMarkerAfterBytes: 5001 });
    const res = await post(sim, '/text_to_speech/streaming', synthesisBody());
    expect(res.status).toBe(200);
    const body = Buffer.from(await bytesOf(res));
    expect(body.length).toBe(5001 + '--ERROR:QUOTA_EXCEEDED--'.length);
    expect(body.subarray(5001).toString('ascii')).toBe('--ERROR:QUOTA_EXCEEDED--');
  });
});

describe('POST /text_to_speech/with_timestamps', () => {
  it('returns audio with monotonic word timings that lie within it', async () => {
    const res = await post(
      sim,
      '/text_to_speech/with_timestamps',
      synthesisBody({
        transcript: "Welcome to Async. <break time='300ms'/> Call <digits>42</digits> now.",
        output_format: { container: 'wav', encoding: 'pcm_s16le', sample_rate: 22050 },
      }),
    );
    const json = (await res.json()) as {
      audio_base64: string;
      alignment: { words: string[]; word_start_times_milliseconds: number[]; word_end_times_milliseconds: number[] };
    };
    const wav = parseWav(Buffer.from(json.audio_base64, 'base64'));
    const durationMs = (wav.pcm.length / wav.sampleRate) * 1000;
    const { words, word_start_times_milliseconds: starts, word_end_times_milliseconds: ends } = json.alignment;
    expect(words).toEqual(['Welcome', 'to', 'Async', 'Call', '42', 'now']);
    for (let i = 0; i < words.length; i++) {
      expect(ends[i]!).toBeGreaterThan(starts[i]!);
      if (i > 0) expect(starts[i]!).toBeGreaterThanOrEqual(ends[i - 1]!);
    }
    expect(ends[ends.length - 1]!).toBeLessThanOrEqual(durationMs);
    expect(starts[3]! - ends[2]!).toBeGreaterThanOrEqual(300);
  });
});

describe('HTTP faults and errors', () => {
  it.each(['detail', 'flat'] as const)('429 RATE_LIMIT_EXCEEDED carries retry_after_ms (%s shape)', async (shape) => {
    sim.setFaults({ errorShape: shape, http429: { count: 2, code: 'RATE_LIMIT_EXCEEDED', retryAfterMs: 8500 } });
    for (let i = 0; i < 2; i++) {
      const res = await post(sim, '/text_to_speech', synthesisBody());
      expect(res.status).toBe(429);
      const inner = {
        error_code: 'RATE_LIMIT_EXCEEDED',
        message: 'Rate limit exceeded.',
        extra: { limit: 120, retry_after_ms: 8500 },
      };
      expect(await res.json()).toEqual(shape === 'detail' ? { detail: inner } : inner);
    }
    expect((await post(sim, '/text_to_speech', synthesisBody())).status).toBe(200);
  });

  it('429 for concurrency and usage limits carries limit and current', async () => {
    sim.setFaults({ http429: { count: 1, code: 'TOO_MANY_CONCURRENT_REQUESTS', retryAfterMs: 0 } });
    const res = await post(sim, '/text_to_speech/streaming', synthesisBody());
    expect(await res.json()).toMatchObject({ detail: { extra: { limit: 5, current: 7 } } });
  });

  it('answers the next N requests with the documented 500 body', async () => {
    sim.setFaults({ http500Count: 1 });
    const res = await post(sim, '/voices', {});
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      message: 'Oops! Internal server error occurred.',
      method: 'POST',
      url: `${sim.httpUrl}/voices`,
      detail: expect.any(String),
    });
    expect((await post(sim, '/voices', {})).status).toBe(200);
  });

  it('refuses a bad key (401, truncated key) and an unknown version (404) but not a missing version', async () => {
    const bad = await post(sim, '/text_to_speech', synthesisBody(), { 'x-api-key': 'sk_not_the_key_at_all' });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toEqual({
      detail: { error_code: 'INVALID_API_KEY', message: 'Invalid API key.', extra: { api_key: 'sk_not...' } },
    });
    const version = await post(sim, '/voices', {}, { version: 'v2' });
    expect(version.status).toBe(404);
    expect(await version.json()).toMatchObject({ detail: { error_code: 'VERSION_NOT_FOUND' } });
    const res = await fetch(`${sim.httpUrl}/voices`, { method: 'POST', headers: { 'x-api-key': sim.apiKey } });
    expect(res.status).toBe(200);
  });

  it('answers the status check without a key', async () => {
    const res = await fetch(`${sim.httpUrl}/`);
    expect(await res.json()).toEqual({ status: 'ok', version: 'v1' });
  });

  it('records method, path, headers and JSON body of every request', async () => {
    await post(sim, '/text_to_speech', synthesisBody({ transcript: 'Record me.' }));
    expect(sim.recording.http).toHaveLength(1);
    expect(sim.recording.http[0]).toMatchObject({
      method: 'POST',
      path: '/text_to_speech',
      headers: { 'x-api-key': sim.apiKey, version: 'v1', 'content-type': 'application/json' },
      body: synthesisBody({ transcript: 'Record me.' }),
    });
  });
});
