import WebSocket from 'ws';
import { beforeAll, describe, expect, it } from 'vitest';
import { isStudioError, type StudioErrorCode } from '../../../shared/errors';
import type { TextPiece } from '../../../shared/synthesis';
import { TEST_API_KEY } from '../../simulator/index';
import {
  collect,
  config,
  heldAudio,
  messagesOf,
  pieces,
  SCRIPT,
  SETTINGS,
  sleep,
  until,
  useSimulator,
} from './ws-helpers';

/** A key with characters that URL encoding changes, so both forms can be looked for. */
const LEAKY_KEY = 'sk_secret/key+with&chars=1';

const suite = useSimulator({ apiKeys: [TEST_API_KEY, LEAKY_KEY] });
const logs = suite.logs;
let expected: Float32Array[];
beforeAll(async () => {
  expected = await suite.reference(SCRIPT);
});

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => {
      if (!isStudioError(error)) throw error;
      return error;
    },
  );

describe('dropped connections', () => {
  it('reconnects and re-sends the unfinished sentence, announcing the reset of audio already played', async () => {
    suite.sim.setFaults({ dropAfterChunks: 6, dropTimes: 1 });
    const { provider, events: connectionEvents } = suite.provider({ maxSentencesInFlight: 1 });
    const events = await collect(provider, pieces(SCRIPT));
    expect(heldAudio(events)).toEqual(expected);
    const reset = events.findIndex((e) => e.type === 'sentence-reset');
    expect(events[reset]).toMatchObject({ type: 'sentence-reset', index: 0 });
    expect(events.slice(0, reset).some((e) => e.type === 'audio')).toBe(true);

    expect(suite.sim.recording.ws).toHaveLength(2);
    const [lost, second] = suite.sim.recording.ws.map((r) => messagesOf(r).texts);
    expect(lost!.map((m) => m.transcript)).toEqual(['The first sentence is here. ']);
    // The new connection starts over from the sentence whose final never came, in a new context.
    expect(second!.map((m) => m.transcript)).toEqual(pieces(SCRIPT).map((p) => `${p.text} `));
    expect(second![0]!.context_id).not.toBe(lost![0]!.context_id);
    expect(connectionEvents.map((e) => e.type)).toEqual(['connected', 'disconnected', 'connected']);
    expect(connectionEvents[1]).toMatchObject({ code: 1006 });
    // The re-sent sentence counts its characters once, as the user's progress and cost figures need.
    const counted = events.flatMap((e) => (e.type === 'sentence-end' ? [e.metrics.charactersSent] : []));
    expect(counted).toEqual(pieces(SCRIPT).map((p) => p.text.length));
  });

  it('delivers every pipelined sentence exactly once after a drop', async () => {
    suite.sim.setFaults({ dropAfterChunks: 10, dropTimes: 1 });
    const { provider } = suite.provider({ maxSentencesInFlight: 3 });
    expect(heldAudio(await collect(provider, pieces(SCRIPT)))).toEqual(expected);
    expect(suite.sim.recording.ws).toHaveLength(2);
  });

  it('gives up with NETWORK and a hint after the configured reconnects', async () => {
    suite.sim.setFaults({ dropAfterChunks: 2, dropTimes: 1000 });
    const { provider } = suite.provider({ reconnectAttempts: 3 });
    const error = await failure(collect(provider, pieces(SCRIPT)));
    expect(error.code).toBe('NETWORK');
    expect(error.hint).toBeTruthy();
    expect(suite.sim.recording.ws).toHaveLength(4);
  });

  it('gives up with NETWORK when the server cannot be reached at all', async () => {
    const unreachable = config(suite.sim, { wsUrl: 'ws://127.0.0.1:1/text_to_speech/websocket/ws' });
    const { provider, sockets } = suite.provider({ reconnectAttempts: 2 }, unreachable);
    const error = await failure(collect(provider, pieces('Hello.')));
    expect(error.code).toBe('NETWORK');
    expect(error.hint).toMatch(/HTTP transport/);
    expect(sockets).toHaveLength(3);
  });
});

describe('authentication', () => {
  it.each(['http401', 'errorThenClose'] as const)(
    'fails fast with AUTH on a bad key refused by %s, without retrying',
    async (wsAuthFailure) => {
      suite.sim.setFaults({ wsAuthFailure });
      const { provider, sockets } = suite.provider({}, config(suite.sim, { apiKey: 'sk_wrong_key' }));
      const error = await failure(collect(provider, pieces(SCRIPT)));
      expect(error.code).toBe('AUTH');
      expect(error.apiCode).toBe('INVALID_API_KEY');
      expect(error.hint).toMatch(/API key/);
      await sleep(100);
      expect(sockets).toHaveLength(1);
      expect(suite.sim.recording.ws).toHaveLength(1);
    },
  );
});

describe('server error frames', () => {
  it.each<[string, StudioErrorCode]>([
    ['VOICE_NOT_FOUND', 'BAD_INPUT'],
    ['USAGE_LIMIT_EXCEEDED', 'QUOTA'],
    ['RATE_LIMIT_EXCEEDED', 'RATE_LIMITED'],
    ['SOMETHING_NEW', 'SERVER'],
  ])('surfaces %s as a StudioError %s, and the next synthesis works', async (errorCode, code) => {
    suite.sim.setFaults({ wsErrorOnNextText: { error_code: errorCode, message: `Injected ${errorCode}.` } });
    const { provider } = suite.provider();
    const error = await failure(collect(provider, pieces(SCRIPT)));
    expect(error.code).toBe(code);
    expect(error.apiCode).toBe(errorCode);
    expect(error.message).toContain(`Injected ${errorCode}.`);
    expect(heldAudio(await collect(provider, pieces(SCRIPT)))).toEqual(expected);
    expect(suite.sim.recording.ws).toHaveLength(2);
  });

  it('fails with BAD_INPUT on a voice the server does not know, without retrying', async () => {
    const { provider } = suite.provider();
    const error = await failure(
      collect(provider, pieces('Hello.'), () => ({ ...SETTINGS, voiceId: '00000000-0000-4000-8000-000000000000' })),
    );
    expect(error.code).toBe('BAD_INPUT');
    expect(error.apiCode).toBe('VOICE_NOT_FOUND');
    expect(suite.sim.recording.ws).toHaveLength(1);
  });
});

describe('idle timeout', () => {
  it('lets an idle connection go on TIMEOUT and reconnects lazily, without an error', async () => {
    suite.sim.setFaults({ idleTimeoutMs: 120 });
    const { provider } = suite.provider({ keepaliveIntervalMs: 60_000 });
    await collect(provider, pieces('Before the timeout.'));
    await sleep(300);
    expect(suite.sim.recording.ws[0]!.closed).toBe(true);
    const events = await collect(provider, pieces(SCRIPT));
    expect(heldAudio(events)).toEqual(expected);
    expect(suite.sim.recording.ws).toHaveLength(2);
  });

  it('keeps the connection with keepalives across a pause longer than the idle limit', async () => {
    suite.sim.setFaults({ idleTimeoutMs: 150 });
    const { provider } = suite.provider({ keepaliveIntervalMs: 40 });
    await collect(provider, pieces('Before the pause.'));
    await sleep(400);
    await collect(provider, pieces('After the pause.'));
    expect(suite.sim.recording.ws).toHaveLength(1);
    expect(suite.sim.recording.ws[0]!.closed).toBe(false);
  });

  it('reconnects quietly on TIMEOUT while a sentence is pending and re-sends its text', async () => {
    const chunks: TextPiece[] = [
      { text: 'Waiting for ', sentenceEnd: false },
      { text: 'the rest.', sentenceEnd: true },
    ];
    const { provider: clean } = suite.provider();
    const [unbroken] = heldAudio(await collect(clean, chunks));
    await clean.close();
    suite.sim.clearRecording();
    suite.sim.setFaults({ idleTimeoutMs: 150 });
    async function* stalling(): AsyncGenerator<TextPiece> {
      yield chunks[0]!;
      // The source stalls past the idle limit, until the client has reconnected and re-sent.
      await until(
        () => suite.sim.recording.ws.length === 2 && messagesOf(suite.sim.recording.ws[1]!).texts.length === 1,
      );
      yield chunks[1]!;
    }
    const { provider } = suite.provider({ keepaliveIntervalMs: 60_000 });
    const events = await collect(provider, stalling());
    expect(events.filter((e) => e.type === 'sentence-reset')).toHaveLength(1);
    expect(heldAudio(events)).toEqual([unbroken]);
    expect(suite.sim.recording.ws).toHaveLength(2);
    expect(messagesOf(suite.sim.recording.ws[1]!).texts.map((m) => m.transcript)).toEqual([
      'Waiting for ',
      'the rest. ',
    ]);
  });
});

describe('misbehaving frames', () => {
  it('ignores malformed frames (one warning) and still delivers all the audio', async () => {
    suite.sim.setFaults({ malformedFrameEvery: 3 });
    const { provider } = suite.provider();
    expect(heldAudio(await collect(provider, pieces(SCRIPT)))).toEqual(expected);
    expect(logs.filter((l) => /malformed/.test(l.message)).map((l) => l.level)).toContain('warn');
    expect(logs.filter((l) => /malformed/.test(l.message) && l.level === 'warn')).toHaveLength(1);
  });

  it('ignores unknown messages and audio for contexts it never opened', async () => {
    const { provider } = suite.provider({
      createSocket: (url) => {
        const socket = new WebSocket(url);
        socket.once('open', () => {
          socket.emit('message', Buffer.from('{"event":"server_news","detail":1}'), false);
          socket.emit('message', Buffer.from('{"context_id":"stranger","audio":"AAAAAA==","final":false}'), false);
          socket.emit('message', Buffer.from('{"context_id":"stranger","audio":"","final":true}'), false);
        });
        return socket;
      },
    });
    expect(heldAudio(await collect(provider, pieces(SCRIPT)))).toEqual(expected);
    expect(logs.some((l) => l.level === 'debug' && /unknown message/.test(l.message))).toBe(true);
  });

  it('ends a sentence whose final never comes after the fallback timeout', async () => {
    const { provider } = suite.provider({
      finalTimeoutMs: 80,
      createSocket: (url) => {
        const socket = new WebSocket(url);
        const emit = socket.emit.bind(socket);
        // Swallow every final, as a server that never sends one would.
        socket.emit = ((name: string, data: unknown, ...rest: unknown[]) =>
          name === 'message' && /"final":true/.test(String(data))
            ? true
            : emit(name, data, ...rest)) as typeof socket.emit;
        return socket;
      },
    });
    expect(heldAudio(await collect(provider, pieces(SCRIPT)))).toEqual(expected);
    expect(logs.filter((l) => l.level === 'warn' && /No final/.test(l.message))).toHaveLength(4);
  });
});

describe('the key', () => {
  it('never appears in a log line, an error or a connection event, raw or URL-encoded', async () => {
    const seen: string[] = [];
    const run = async (setup: () => void, cfg = config(suite.sim, { apiKey: LEAKY_KEY })) => {
      setup();
      const { provider, events } = suite.provider({ reconnectAttempts: 1 }, cfg);
      const outcome = await collect(provider, pieces(SCRIPT)).catch((e: unknown) => e);
      if (isStudioError(outcome)) seen.push(outcome.message, outcome.hint ?? '', JSON.stringify(outcome.toInfo()));
      seen.push(JSON.stringify(events));
      await provider.close();
      suite.sim.resetFaults();
    };
    await run(() => suite.sim.setFaults({ dropAfterChunks: 2, dropTimes: 100 }));
    await run(() =>
      suite.sim.setFaults({ wsErrorOnNextText: { error_code: 'USAGE_LIMIT_EXCEEDED', message: 'Quota.' } }),
    );
    await run(() => suite.sim.setFaults({ idleTimeoutMs: 50 }));
    await run(
      () => suite.sim.setFaults({ wsAuthFailure: 'errorThenClose' }),
      config(suite.sim, { apiKey: `${LEAKY_KEY}_bad` }),
    );
    await run(
      () => suite.sim.setFaults({ wsAuthFailure: 'http401' }),
      config(suite.sim, { apiKey: `${LEAKY_KEY}_bad` }),
    );
    await run(
      () => {},
      config(suite.sim, { apiKey: LEAKY_KEY, wsUrl: 'ws://127.0.0.1:1/text_to_speech/websocket/ws' }),
    );
    seen.push(...logs.map((l) => l.message));
    expect(logs.length).toBeGreaterThan(5);
    expect(seen.some((s) => s.includes('api_key=***'))).toBe(true);
    for (const text of seen) {
      expect(text).not.toContain(LEAKY_KEY);
      expect(text).not.toContain(encodeURIComponent(LEAKY_KEY));
    }
  });
});
