import { describe, expect, it } from 'vitest';
import { finalOf, openSession, useSimulator, sleep } from './helpers';

const sim = useSimulator();

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('§3.8 view-B switches', () => {
  it('sendInitAck sends init_ack with a server context id first, and client ids still work', async () => {
    sim.setFaults({ sendInitAck: true });
    const client = await openSession(sim);
    client.send({ transcript: 'Acknowledged. ', context_id: 'mine', force: true });
    client.send({ context_id: 'mine', close_context: true, transcript: '' });
    await finalOf(client, 'mine');
    expect(client.messages[0]).toEqual({ event: 'init_ack', context_id: expect.stringMatching(UUID) });
    expect(client.audioBytes('mine').length).toBeGreaterThan(0);
    client.close();
  });

  it('strictServerContextIds gives audio only to the server-minted id', async () => {
    sim.setFaults({ strictServerContextIds: true });
    const client = await openSession(sim);
    const ack = await client.waitFor((m) => m.event === 'init_ack');
    const serverId = ack.context_id as string;
    client.send({ transcript: 'Ignored text. ', context_id: 'client-chosen', force: true });
    await finalOf(client, 'client-chosen');
    expect(client.audioBytes('client-chosen').length).toBe(0);
    client.send({ transcript: 'Server context. ', context_id: serverId, force: true });
    client.send({ context_id: serverId, close_context: true, transcript: '' });
    await finalOf(client, serverId);
    expect(client.audioBytes(serverId).length).toBeGreaterThan(0);
    client.close();
  });

  it('closeSocketAfterFinal closes the socket (1000) right after the final', async () => {
    sim.setFaults({ closeSocketAfterFinal: true });
    const client = await openSession(sim);
    client.send({ transcript: 'One utterance per socket. ', context_id: 'once', force: true });
    client.send({ context_id: 'once', close_context: true, transcript: '' });
    const { code } = await client.closed;
    expect(code).toBe(1000);
    expect(client.messages[client.messages.length - 1]).toEqual({ context_id: 'once', audio: '', final: true });
  });

  it('truncateOnEarlyClose drops audio still being made when close_context arrives; view A completes it', async () => {
    const text = 'This sentence is closed before it has been synthesised. ';
    for (const truncate of [true, false]) {
      sim.setFaults({ truncateOnEarlyClose: truncate });
      const client = await openSession(sim);
      client.send({ transcript: text, context_id: 't', force: true });
      client.send({ context_id: 't', close_context: true, transcript: '' });
      await finalOf(client, 't');
      await sleep(50);
      if (truncate) expect(client.audioBytes('t').length).toBe(0);
      else expect(client.audioBytes('t').length).toBeGreaterThan(24000);
      client.close();
    }
  });

  it('finalOnEmptyTranscript=false: an empty transcript no longer finalises, close_context still does', async () => {
    sim.setFaults({ finalOnEmptyTranscript: false });
    const client = await openSession(sim);
    client.send({ transcript: 'Waiting. ', context_id: 'e', force: true });
    client.send({ transcript: '', context_id: 'e' });
    await client.waitFor((m) => m.context_id === 'e' && m.final === false);
    await sleep(100);
    expect(client.messages.some((m) => m.final === true)).toBe(false);
    client.send({ context_id: 'e', close_context: true, transcript: '' });
    await finalOf(client, 'e');
    client.close();
  });
});

describe('idle timeout', () => {
  it('sends the exact TIMEOUT payload after idleTimeoutMs without a message, then closes', async () => {
    sim.setFaults({ idleTimeoutMs: 200 });
    const client = await openSession(sim);
    const { code } = await client.closed;
    expect(client.frames).toEqual([
      '{"error_code":"TIMEOUT","message":"Timeout: no message received in 0.2 seconds","request_id":"unknown","extra":null}',
    ]);
    expect(code).toBe(1008);
  });

  it('is held off by JSON keepalives', async () => {
    sim.setFaults({ idleTimeoutMs: 400 });
    const client = await openSession(sim);
    for (let i = 0; i < 6; i++) {
      await sleep(100);
      client.send({ transcript: ' ' });
    }
    expect(client.frames).toEqual([]);
    client.close();
  });
});

describe('connection faults', () => {
  it('dropAfterChunks destroys the connection after N chunks, dropTimes connections only', async () => {
    sim.setFaults({ dropAfterChunks: 3, dropTimes: 1 });
    const dropped = await openSession(sim);
    dropped.send({ transcript: 'This connection will be dropped abruptly. ', context_id: 'd', force: true });
    const { code } = await dropped.closed;
    expect(code).toBe(1006);
    expect(dropped.messages.filter((m) => m.final === false)).toHaveLength(3);

    const survivor = await openSession(sim);
    survivor.send({ transcript: 'This one survives. ', context_id: 's', force: true });
    survivor.send({ context_id: 's', close_context: true, transcript: '' });
    await finalOf(survivor, 's');
    expect(survivor.messages.filter((m) => m.final === false).length).toBeGreaterThan(3);
    survivor.close();
  });

  it('malformedFrameEvery interleaves non-JSON frames with the audio', async () => {
    sim.setFaults({ malformedFrameEvery: 2 });
    const client = await openSession(sim);
    client.send({ transcript: 'Malformed frames ahead. ', context_id: 'm', force: true });
    client.send({ context_id: 'm', close_context: true, transcript: '' });
    await finalOf(client, 'm');
    const audioFrames = client.messages.filter((m) => m.final === false).length;
    const malformed = client.frames.filter((f) => {
      try {
        JSON.parse(f);
        return false;
      } catch {
        return true;
      }
    });
    expect(malformed.length).toBe(Math.floor(audioFrames / 2));
    client.close();
  });

  it('wsErrorOnNextText answers the next text once with the given error frame', async () => {
    sim.setFaults({ wsErrorOnNextText: { error_code: 'RATE_LIMIT_EXCEEDED', message: 'Slow down.' } });
    const client = await openSession(sim);
    client.send({ transcript: 'Refused. ', context_id: 'x', force: true });
    await client.waitFor((m) => 'error_code' in m);
    client.send({ transcript: 'Accepted. ', context_id: 'y', force: true });
    await client.waitFor((m) => m.context_id === 'y' && m.final === false);
    expect(client.messages[0]).toEqual({ error_code: 'RATE_LIMIT_EXCEEDED', message: 'Slow down.', extra: null });
    expect(client.audioBytes('x').length).toBe(0);
    client.close();
  });
});

describe('pacing', () => {
  it('interleaves the audio of concurrent contexts when chunks are paced', async () => {
    sim.setFaults({ realtimeFactor: 8, chunkMs: 50, firstAudioMs: 0 });
    const client = await openSession(sim);
    client.send({ transcript: 'The first context speaks for a while. ', context_id: 'a', force: true });
    client.send({ transcript: 'The second context speaks at the same time. ', context_id: 'b', force: true });
    client.send({ context_id: 'a', close_context: true, transcript: '' });
    client.send({ context_id: 'b', close_context: true, transcript: '' });
    await Promise.all([finalOf(client, 'a'), finalOf(client, 'b')]);
    const order = client.messages.filter((m) => m.final === false).map((m) => m.context_id);
    const firstB = order.indexOf('b');
    expect(firstB).toBeGreaterThan(-1);
    expect(order.lastIndexOf('a')).toBeGreaterThan(firstB);
    client.close();
  });

  it('keeps a context in order under jitter: paced audio equals unpaced audio', async () => {
    const text = 'Jitter must not reorder chunks. ';
    const reference = await openSession(sim);
    reference.send({ transcript: text, context_id: 'j', force: true });
    reference.send({ context_id: 'j', close_context: true, transcript: '' });
    await finalOf(reference, 'j');
    reference.close();

    sim.setFaults({ realtimeFactor: 20, jitterMs: 15 });
    const jittery = await openSession(sim);
    jittery.send({ transcript: text, context_id: 'j', force: true });
    jittery.send({ context_id: 'j', close_context: true, transcript: '' });
    await finalOf(jittery, 'j');
    expect(jittery.audioBytes('j').equals(reference.audioBytes('j'))).toBe(true);
    jittery.close();
  });
});
