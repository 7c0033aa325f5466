import { beforeAll, describe, expect, it } from 'vitest';
import type { FaultSwitches } from '../../simulator/index';
import { collect, heldAudio, messagesOf, pieces, SCRIPT, useSimulator, type SocketLog } from './ws-helpers';

/**
 * The client against the §3.8 view-B server behaviours and the other fault switches: whatever the
 * server does, the consumer must hold every sentence's audio exactly once, as a plain server gives it.
 */

const suite = useSimulator();
let expected: Float32Array[];
beforeAll(async () => {
  expected = await suite.reference(SCRIPT);
});
const infos = () => suite.logs.filter((l) => l.level !== 'debug').map((l) => l.message);

describe('§3.8 view B servers', () => {
  it('closeSocketAfterFinal: the next sentence opens a new connection, and nothing is lost or repeated', async () => {
    suite.sim.setFaults({ closeSocketAfterFinal: true });
    const { provider } = suite.provider({ maxSentencesInFlight: 3 });
    const events = await collect(provider, pieces(SCRIPT));
    expect(heldAudio(events)).toEqual(expected);
    expect(infos().some((m) => /one sentence per connection/.test(m))).toBe(true);
    // After the first close every connection carries one sentence, in one context.
    const later = suite.sim.recording.ws.slice(1).map((r) => messagesOf(r).texts);
    expect(later.length).toBeGreaterThanOrEqual(3);
    for (const texts of later) expect(new Set(texts.map((m) => m.context_id)).size).toBe(1);
    // A later synthesis on the same provider goes on working the same way.
    expect(heldAudio(await collect(provider, pieces(SCRIPT)))).toEqual(expected);
  });

  it('sendInitAck + strictServerContextIds: speaks in the server-minted context, one sentence per connection', async () => {
    suite.sim.setFaults({ sendInitAck: true, strictServerContextIds: true });
    const { provider, sockets } = suite.provider();
    expect(heldAudio(await collect(provider, pieces(SCRIPT)))).toEqual(expected);
    expect(sockets.length).toBeGreaterThanOrEqual(4);
    const data = (socket: SocketLog, dir: 'in' | 'out') =>
      socket.wire.filter((e) => e.dir === dir).map((e) => e.data as Record<string, unknown>);
    const outIds = (socket: SocketLog) => data(socket, 'out').flatMap((m) => (m.context_id ? [m.context_id] : []));
    for (const socket of sockets) {
      const serverId = data(socket, 'in').find((m) => m.event === 'init_ack')!.context_id;
      const audioIds = data(socket, 'in').flatMap((m) => (m.audio ? [m.context_id] : []));
      expect(new Set(audioIds)).toEqual(new Set([serverId]));
      expect(outIds(socket)).toContain(serverId);
    }
    // The first connection spoke before the server showed its kind: its text went out under our id,
    // then again under the server's. Later connections waited for the init_ack and used only its id.
    const [first, ...later] = sockets;
    const firstTexts = data(first!, 'out').filter((m) => typeof m.transcript === 'string' && m.transcript.trim());
    expect(firstTexts[0]!.context_id).not.toBe(data(first!, 'in')[0]!.context_id);
    expect(firstTexts.some((m) => m.transcript === firstTexts[0]!.transcript && m !== firstTexts[0])).toBe(true);
    for (const socket of later) {
      const serverId = data(socket, 'in').find((m) => m.event === 'init_ack')!.context_id;
      expect(new Set(outIds(socket))).toEqual(new Set([serverId]));
    }
  });

  it('truncateOnEarlyClose: closing at once loses audio; closeAfterAudioIdleMs gets all of it', async () => {
    suite.sim.setFaults({ truncateOnEarlyClose: true, realtimeFactor: 8, firstAudioMs: 30 });
    const { provider: eager } = suite.provider();
    const truncated = heldAudio(await collect(eager, pieces(SCRIPT)));
    expect(truncated.reduce((n, a) => n + a.length, 0)).toBeLessThan(expected.reduce((n, a) => n + a.length, 0) / 2);

    const { provider: patient, sockets } = suite.provider({ closeAfterAudioIdleMs: 150 });
    expect(heldAudio(await collect(patient, pieces(SCRIPT)))).toEqual(expected);
    // Each close went out only after all of its context's audio had arrived.
    const closes = messagesOf(suite.sim.recording.ws.at(-1)!).closes;
    expect(closes).toHaveLength(4);
    const wire = sockets[0]!.wire.map(
      (e) => ({ dir: e.dir, ...(e.data as Record<string, unknown>) }) as Record<string, unknown>,
    );
    for (const { context_id: id } of closes) {
      const closedAt = wire.findIndex((m) => m.dir === 'out' && m.context_id === id && m.close_context);
      const lastAudio = wire.findLastIndex((m) => m.dir === 'in' && m.context_id === id && m.audio);
      expect(lastAudio).toBeGreaterThan(0);
      expect(closedAt).toBeGreaterThan(lastAudio);
    }
  });
});

describe('fault switches that must not change what the consumer holds', () => {
  it.each<[string, Partial<FaultSwitches>]>([
    ['paced with jitter', { realtimeFactor: 30, jitterMs: 8, firstAudioMs: 20 }],
    ['small chunks', { chunkMs: 20 }],
    ['init_ack without strict ids', { sendInitAck: true }],
    ['no final on an empty transcript', { finalOnEmptyTranscript: false }],
    ['malformed frames', { malformedFrameEvery: 2 }],
    ['view B all at once', { sendInitAck: true, strictServerContextIds: true, closeSocketAfterFinal: true }],
  ])('%s', async (_name, faults) => {
    suite.sim.setFaults(faults);
    const { provider } = suite.provider();
    expect(heldAudio(await collect(provider, pieces(SCRIPT)))).toEqual(expected);
  });
});
