import { EventEmitter } from 'node:events';
import type { MessagePort } from 'node:worker_threads';
import { describe, expect, it, vi } from 'vitest';
import type { StreamMessage } from '../../../shared/ipc-contract';
import { buildStudioApi } from '../../../shared/studio-api';
import { createIpcTransport } from '../../../electron/preload/ipc-transport';

/** ipcRenderer as the preload sees it: invoke answers, events can be fired, postMessage hands over the port. */
function fakeIpc() {
  const emitter = new EventEmitter();
  const ports: MessagePort[] = [];
  const ipc = {
    invoke: vi.fn(async (channel: string, request: unknown) => ({ ok: true, value: { channel, request } })),
    on: vi.fn((name: string, listener: (...args: unknown[]) => void) => emitter.on(name, listener)),
    removeListener: vi.fn((name: string, listener: (...args: unknown[]) => void) => emitter.off(name, listener)),
    postMessage: vi.fn((_name: string, _message: unknown, transfer: MessagePort[]) => void ports.push(...transfer)),
  };
  return { ipc, emitter, ports };
}

const closed = (port: MessagePort) => new Promise<void>((resolve) => port.once('close', () => resolve()));

describe('preload transport', () => {
  it('invokes the contract channel with the request as given', async () => {
    const { ipc } = fakeIpc();
    const api = buildStudioApi(createIpcTransport(ipc as never));
    expect(await api.takes.rename({ takeId: 't1', name: 'Intro' })).toEqual({
      ok: true,
      value: { channel: 'takes:rename', request: { takeId: 't1', name: 'Intro' } },
    });
  });

  it('hands the page only the payload of an event, and unsubscribes', () => {
    const { ipc, emitter } = fakeIpc();
    const api = buildStudioApi(createIpcTransport(ipc as never));
    const listener = vi.fn();
    const unsubscribe = api.on('menu:command', listener);
    const ipcEvent = { sender: 'the IPC event must not leak' };
    emitter.emit('event:menu:command', ipcEvent, { command: 'export' });
    expect(listener.mock.calls).toEqual([[{ command: 'export' }]]);
    unsubscribe();
    emitter.emit('event:menu:command', ipcEvent, { command: 'stop' });
    expect(listener).toHaveBeenCalledOnce();
    expect(emitter.listenerCount('event:menu:command')).toBe(0);
  });

  it('opens each stream on its own MessageChannel and closes its end after the final message', async () => {
    const { ipc, ports } = fakeIpc();
    const api = buildStudioApi(createIpcTransport(ipc as never));
    const messages: StreamMessage[] = [];
    api.speech.play({ text: 'Hello.' }, (message) => messages.push(message));
    expect(ipc.postMessage).toHaveBeenCalledWith(
      'stream:open',
      { channel: 'speech:play', request: { text: 'Hello.' } },
      [ports[0]],
    );
    const main = ports[0]!;
    const mainSeesClose = closed(main);
    main.postMessage({ type: 'chunk', seq: 0, index: 0, pcm: new Uint8Array([1, 2]) });
    main.postMessage({ type: 'done', seq: 1, takeId: 't' });
    await mainSeesClose;
    expect(messages.map((m) => m.type)).toEqual(['chunk', 'done']);
    expect(Array.from((messages[0] as Extract<StreamMessage, { type: 'chunk' }>).pcm)).toEqual([1, 2]);
  });

  it('cancel closes the port, which is how main learns to abort', async () => {
    const { ipc, ports } = fakeIpc();
    const api = buildStudioApi(createIpcTransport(ipc as never));
    const handle = api.speech.play({ text: 'Hello.' }, () => {});
    const mainSeesClose = closed(ports[0]!);
    handle.cancel();
    await mainSeesClose;
  });
});
