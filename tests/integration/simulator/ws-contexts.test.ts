import { describe, expect, it } from 'vitest';
import { decodePcm } from '../../../electron/engine/audio/pcm-codec';
import { ENCODINGS } from '../../../shared/audio-format';
import { finalOf, initMessage, openSession, rms, useSimulator, sleep } from './helpers';

const sim = useSimulator();

describe('WebSocket contexts', () => {
  it.each(ENCODINGS)(
    'streams real speech in %s at the negotiated rate, then a final after close_context',
    async (encoding) => {
      const sampleRate = encoding === 'pcm_mulaw' ? 8000 : 22050;
      const client = await openSession(
        sim,
        initMessage({ output_format: { container: 'raw', encoding, sample_rate: sampleRate } }),
      );
      client.send({ transcript: 'The quick brown fox jumps over the lazy dog. ', context_id: 'ctx-1', force: true });
      client.send({ context_id: 'ctx-1', close_context: true, transcript: '' });
      await finalOf(client, 'ctx-1');
      const pcm = decodePcm(client.audioBytes('ctx-1'), encoding);
      const seconds = pcm.length / sampleRate;
      expect(seconds).toBeGreaterThan(1.2);
      expect(seconds).toBeLessThan(5);
      expect(rms(pcm)).toBeGreaterThan(0.02);
      const frames = client.messages.filter((m) => m.context_id === 'ctx-1');
      expect(frames[frames.length - 1]).toEqual({ context_id: 'ctx-1', audio: '', final: true });
      expect(frames.slice(0, -1).every((m) => m.final === false && typeof m.audio === 'string')).toBe(true);
      client.close();
    },
  );

  it('sends 50 ms chunks by default and chunkMs-sized ones when asked', async () => {
    sim.setFaults({ chunkMs: 20 });
    const client = await openSession(sim);
    client.send({ transcript: 'Chunk size check. ', context_id: 'c', force: true });
    client.send({ context_id: 'c', close_context: true, transcript: '' });
    await finalOf(client, 'c');
    const sizes = client.messages
      .filter((m) => m.final === false)
      .map((m) => Buffer.from(m.audio as string, 'base64').length);
    expect(sizes.slice(0, -1).every((n) => n === 24000 * 0.02 * 2)).toBe(true);
    client.close();
  });

  it('keeps contexts independent: interleaved texts each get their own audio and final', async () => {
    const client = await openSession(sim);
    client.send({ transcript: 'First context speaks. ', context_id: 'a', force: true });
    client.send({ transcript: 'Second context speaks a longer sentence. ', context_id: 'b', force: true });
    client.send({ transcript: 'More for the first. ', context_id: 'a', force: true });
    client.send({ context_id: 'b', close_context: true, transcript: '' });
    client.send({ context_id: 'a', close_context: true, transcript: '' });
    await Promise.all([finalOf(client, 'a'), finalOf(client, 'b')]);
    const a = decodePcm(client.audioBytes('a'), 'pcm_s16le');
    const b = decodePcm(client.audioBytes('b'), 'pcm_s16le');
    expect(rms(a)).toBeGreaterThan(0.02);
    expect(rms(b)).toBeGreaterThan(0.02);
    // Each context ends with its final and nothing of it follows.
    for (const id of ['a', 'b'])
      expect(client.messages.filter((m) => m.context_id === id).pop()).toMatchObject({ final: true });
    client.close();
  });

  it('speaks a context text in order: the second message follows the first', async () => {
    const reference = await openSession(sim);
    reference.send({ transcript: 'Alpha. ', context_id: 'x', force: true });
    reference.send({ context_id: 'x', close_context: true, transcript: '' });
    await finalOf(reference, 'x');
    const alpha = reference.audioBytes('x');
    reference.close();

    const client = await openSession(sim);
    client.send({ transcript: 'Alpha. ', context_id: 'y', force: true });
    client.send({ transcript: 'Bravo charlie delta. ', context_id: 'y', force: true });
    client.send({ context_id: 'y', close_context: true, transcript: '' });
    await finalOf(client, 'y');
    const both = client.audioBytes('y');
    expect(both.subarray(0, alpha.length).equals(alpha)).toBe(true);
    expect(both.length).toBeGreaterThan(alpha.length * 1.5);
    client.close();
  });

  it('buffers text without force until a sentence ends, and force flushes a fragment', async () => {
    const client = await openSession(sim);
    client.send({ transcript: 'Waiting for ', context_id: 'w' });
    await sleep(150);
    expect(client.messages.filter((m) => m.context_id === 'w')).toEqual([]);
    client.send({ transcript: 'the end. ', context_id: 'w' });
    await client.waitFor((m) => m.context_id === 'w' && m.final === false);
    client.send({ transcript: 'A fragment', context_id: 'f' });
    await sleep(100);
    expect(client.messages.some((m) => m.context_id === 'f')).toBe(false);
    client.send({ transcript: ' ', context_id: 'f', force: true });
    await client.waitFor((m) => m.context_id === 'f' && m.final === false);
    client.close();
  });

  it('treats whitespace as a keepalive: no audio, no context, no error', async () => {
    const client = await openSession(sim);
    client.send({ transcript: ' ' });
    client.send({ transcript: ' ', context_id: 'k' });
    client.send({ transcript: 'Real text. ', context_id: 'r', force: true });
    await client.waitFor((m) => m.context_id === 'r' && m.final === false);
    await sleep(50);
    expect(client.messages.every((m) => m.context_id === 'r')).toBe(true);
    client.close();
  });

  it('finalises on an empty transcript without the close flag (LiveKit style)', async () => {
    const client = await openSession(sim);
    client.send({ transcript: 'LiveKit ends like this. ', context_id: 'lk', force: true });
    client.send({ transcript: '', context_id: 'lk' });
    await finalOf(client, 'lk');
    expect(client.audioBytes('lk').length).toBeGreaterThan(0);
    client.close();
  });

  it('uses the default context for messages without context_id and echoes context_id null', async () => {
    const client = await openSession(sim);
    client.send({ transcript: 'Default context. ', force: true });
    await client.waitFor((m) => m.context_id === null && m.final === false);
    client.close();
  });

  it('closes with 1000 on terminate and on the legacy {"text": ""}', async () => {
    for (const closing of [{ terminate: true }, { text: '' }]) {
      const client = await openSession(sim);
      client.send(closing);
      expect((await client.closed).code).toBe(1000);
    }
  });

  it('answers undocumented shapes with an error frame and keeps the socket', async () => {
    const client = await openSession(sim);
    const bad = [
      'this is not json',
      { transcript: 'Hi', contextId: 'typo' },
      { transcript: 42 },
      { context_id: 'z', close_context: 'yes', transcript: '' },
      { terminate: false },
      { text: 'legacy text' },
      initMessage(),
    ];
    for (const message of bad) client.send(message);
    client.send({ transcript: 'Still alive. ', context_id: 'alive', force: true });
    await client.waitFor((m) => m.context_id === 'alive' && m.final === false);
    const errors = client.messages.filter((m) => 'error_code' in m);
    expect(errors).toHaveLength(bad.length);
    expect(errors.every((e) => e.error_code === 'INVALID_MESSAGE' && typeof e.message === 'string')).toBe(true);
    expect(errors[1]!.message).toContain('contextId');
    client.close();
  });

  it('records the query, headers and every message the client sent', async () => {
    const client = await openSession(sim);
    client.send({ transcript: 'Recorded. ', context_id: 'rec', force: true });
    client.send('oops');
    client.send({ context_id: 'rec', close_context: true, transcript: '' });
    await finalOf(client, 'rec');
    client.close();
    await client.closed;
    const [record] = sim.recording.ws;
    expect(record!.query).toEqual({ api_key: sim.apiKey, version: 'v1' });
    expect(record!.headers.upgrade).toBe('websocket');
    expect(record!.messages.map((m) => m.data)).toEqual([
      initMessage(),
      { transcript: 'Recorded. ', context_id: 'rec', force: true },
      'oops',
      { context_id: 'rec', close_context: true, transcript: '' },
    ]);
    await new Promise((r) => setTimeout(r, 20));
    expect(record!.closed).toBe(true);
    expect(record!.closeCode).toBe(1005);
  });
});
