import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { StreamMessage } from '../../../shared/ipc-contract';
import { invokeChannels } from '../../../shared/ipc-contract';
import type { InvokeHandlers, StreamHandlers, StreamSink } from '../../../electron/engine/studio/dispatch';
import { setLogSink } from '../../../electron/engine/log';
import { emitToWindows, isTrustedSender, setupIpc } from '../../../electron/main/ipc';
import { MAX_STREAMS_PER_PAGE } from '../../../electron/web/stream-sink';
import { FakeBrowserWindow, FakeMessagePortMain, ipcMain } from '../../mocks/electron';

const ownFrame = { url: 'app://studio/index.html', parent: null };
const foreignFrames = [
  { url: 'https://evil.example/', parent: null },
  { url: 'file:///tmp/x.html', parent: null },
  { url: 'app://studio/index.html', parent: { url: 'app://studio/index.html' } },
  { url: 'app://studio.evil/index.html', parent: null },
];

const info = { name: 'Async Voice Studio', version: '1', shell: 'electron', platform: 'linux' };

function setup(stream?: (request: unknown, sink: StreamSink) => Promise<void>) {
  const appInfo = vi.fn(async () => info);
  const handlers = { 'app:info': appInfo } as unknown as InvokeHandlers;
  const streams = { 'speech:play': stream ?? (async () => {}) } as unknown as StreamHandlers;
  setupIpc({ handlers, streams });
  return { appInfo };
}

function invoke(channel: string, payload: unknown, senderFrame: unknown) {
  return ipcMain.handlers.get(channel)!({ senderFrame }, payload);
}

/** The web contents of the page that opens streams unless a test names another. */
const studioPage = { id: 1 };

function openStream(
  message: unknown,
  senderFrame: unknown = ownFrame,
  sender: object = studioPage,
): FakeMessagePortMain {
  const port = new FakeMessagePortMain();
  ipcMain.emit('stream:open', { sender, senderFrame, ports: [port] }, message);
  return port;
}

const logged: string[] = [];
beforeEach(() => {
  logged.length = 0;
  setLogSink((level, scope, message) => logged.push(`${level} ${scope}: ${message}`));
});

describe('IPC sender guard', () => {
  it('trusts only the top-level studio page', () => {
    expect(isTrustedSender(ownFrame)).toBe(true);
    for (const frame of foreignFrames) expect(isTrustedSender(frame), frame.url).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });

  it('registers every invoke channel of the contract', () => {
    setup();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.keys(invokeChannels).sort());
  });

  it('answers the studio page through the dispatcher', async () => {
    const { appInfo } = setup();
    expect(await invoke('app:info', {}, ownFrame)).toEqual({ ok: true, value: info });
    expect(await invoke('app:info', { sneaky: true }, ownFrame)).toMatchObject({
      ok: false,
      error: { code: 'BAD_INPUT' },
    });
    expect(appInfo).toHaveBeenCalledOnce();
  });

  it('ignores a foreign frame: the handler never runs', async () => {
    const { appInfo } = setup();
    for (const frame of [...foreignFrames, null]) {
      expect(await invoke('app:info', {}, frame)).toMatchObject({ ok: false });
    }
    expect(appInfo).not.toHaveBeenCalled();
  });

  it('closes a stream port from a foreign frame without starting the stream', async () => {
    const handler = vi.fn(async () => {});
    setup(handler);
    const port = openStream({ channel: 'speech:play', request: { text: 'hi' } }, foreignFrames[0]);
    expect(port.closed).toBe(true);
    expect(port.posted).toEqual([]);
    expect(handler).not.toHaveBeenCalled();
  });
});

describe('audio streams over MessagePorts', () => {
  it('numbers messages, sends chunks as data (never transferred) and closes the port when done', async () => {
    const pool = new Uint8Array(4096);
    setup(async (_request, sink) => {
      sink.send({ type: 'format', playId: 'p', sampleRate: 16000 });
      sink.send({ type: 'chunk', index: 0, pcm: pool.subarray(0, 8) });
      sink.send({ type: 'chunk', index: 0, pcm: new Uint8Array([1, 2, 3, 4]) });
      sink.send({ type: 'done', takeId: 't1' });
    });
    const port = openStream({ channel: 'speech:play', request: { text: 'hi' } });
    await vi.waitFor(() => expect(port.closed).toBe(true));
    const posted = port.posted as StreamMessage[];
    expect(posted.map((m) => [m.seq, m.type])).toEqual([
      [0, 'format'],
      [1, 'chunk'],
      [2, 'chunk'],
      [3, 'done'],
    ]);
    expect(port.start).toHaveBeenCalled();
    expect(port.transfers).toEqual([]);
    // A chunk that was a view into a larger buffer is sent as a tight copy, not with the whole buffer.
    const first = posted[1] as Extract<StreamMessage, { type: 'chunk' }>;
    expect(first.pcm.buffer.byteLength).toBe(8);
  });

  it("aborts the engine's signal when the renderer closes its port, and sends nothing after", async () => {
    let signal: AbortSignal | null = null;
    let keepSending: (() => void) | null = null;
    setup(async (_request, sink) => {
      signal = sink.signal;
      sink.send({ type: 'format', playId: 'p', sampleRate: 16000 });
      await new Promise<void>((resolve) => sink.signal.addEventListener('abort', () => resolve()));
      keepSending = () => sink.send({ type: 'chunk', index: 0, pcm: new Uint8Array(4) });
    });
    const port = openStream({ channel: 'speech:play', request: { text: 'hi' } });
    await vi.waitFor(() => expect(port.posted).toHaveLength(1));
    port.remoteClose();
    expect(signal!.aborted).toBe(true);
    await vi.waitFor(() => expect(keepSending).not.toBeNull());
    keepSending!();
    expect(port.posted).toHaveLength(1);
  });

  it('turns a bad request into one error message on the port', async () => {
    const handler = vi.fn(async () => {});
    setup(handler);
    const port = openStream({ channel: 'speech:play', request: { text: '' } });
    await vi.waitFor(() => expect(port.closed).toBe(true));
    expect(port.posted).toMatchObject([{ type: 'error', seq: 0, error: { code: 'BAD_INPUT' } }]);
    const unknown = openStream({ channel: 'fs:read', request: {} });
    await vi.waitFor(() => expect(unknown.closed).toBe(true));
    expect(unknown.posted).toMatchObject([{ type: 'error', error: { code: 'BAD_INPUT' } }]);
    expect(handler).not.toHaveBeenCalled();
  });

  it('ends a stream whose handler returned without a final message with an error, so the page does not wait forever', async () => {
    setup(async (_request, sink) => sink.send({ type: 'format', playId: 'p', sampleRate: 16000 }));
    const port = openStream({ channel: 'speech:play', request: { text: 'hi' } });
    await vi.waitFor(() => expect(port.closed).toBe(true));
    expect((port.posted as StreamMessage[]).map((m) => m.type)).toEqual(['format', 'error']);
  });
});

describe('open streams per page', () => {
  /** A handler that streams until its page closes the port, and records each request it took. */
  function streamUntilClosed() {
    const taken: unknown[] = [];
    setup(async (request, sink) => {
      taken.push(request);
      sink.send({ type: 'format', playId: 'p', sampleRate: 16000 });
      await new Promise<void>((resolve) => sink.signal.addEventListener('abort', () => resolve()));
    });
    return taken;
  }
  const play = { channel: 'speech:play', request: { text: 'hi' } };

  it(`refuses a page its ${MAX_STREAMS_PER_PAGE + 1}th open stream with an error, and takes one again once a stream has ended`, async () => {
    const taken = streamUntilClosed();
    const ports = Array.from({ length: MAX_STREAMS_PER_PAGE }, () => openStream(play));
    await vi.waitFor(() => expect(taken).toHaveLength(MAX_STREAMS_PER_PAGE));
    const refused = openStream(play);
    expect(refused.closed).toBe(true);
    expect(refused.posted).toMatchObject([
      { type: 'error', seq: 0, error: { code: 'BAD_INPUT', hint: expect.any(String) } },
    ]);
    await Promise.resolve();
    expect(taken).toHaveLength(MAX_STREAMS_PER_PAGE);

    ports[0]!.remoteClose();
    await vi.waitFor(() => expect(ports[0]!.closed).toBe(true));
    openStream(play);
    await vi.waitFor(() => expect(taken).toHaveLength(MAX_STREAMS_PER_PAGE + 1));
    for (const port of ports) port.remoteClose();
  });

  it("counts each page's streams apart: a full page does not block another", async () => {
    const taken = streamUntilClosed();
    const ports = Array.from({ length: MAX_STREAMS_PER_PAGE }, () => openStream(play));
    const other = openStream(play, ownFrame, { id: 2 });
    await vi.waitFor(() => expect(taken).toHaveLength(MAX_STREAMS_PER_PAGE + 1));
    expect(other.closed).toBe(false);
    for (const port of [...ports, other]) port.remoteClose();
  });

  it('logs a stream whose port cannot be posted to, instead of leaving the rejection unhandled', async () => {
    setup(async () => {
      throw new Error('handler failed');
    });
    const port = new FakeMessagePortMain();
    port.postMessage.mockImplementation(() => {
      throw new Error('port is gone');
    });
    ipcMain.emit('stream:open', { sender: studioPage, senderFrame: ownFrame, ports: [port] }, play);
    await vi.waitFor(() =>
      expect(logged).toContainEqual(expect.stringMatching(/^error ipc: stream speech:play failed: .*port is gone/)),
    );
    expect(port.closed).toBe(true);
  });
});

describe('events to the page', () => {
  it('go to studio windows only, on event:<name>', () => {
    const studio = new FakeBrowserWindow();
    studio.webContents.url = 'app://studio/index.html';
    const other = new FakeBrowserWindow();
    other.webContents.url = 'https://evil.example/';
    emitToWindows('export:progress', { takeId: 't', fraction: 0.5 });
    expect(studio.webContents.send).toHaveBeenCalledWith('event:export:progress', { takeId: 't', fraction: 0.5 });
    expect(other.webContents.send).not.toHaveBeenCalled();
  });
});
