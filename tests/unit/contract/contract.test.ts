import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { invokeChannels, streamChannels, type InvokeChannel, type StreamChannel } from '../../../shared/ipc-contract';
import { buildStudioApi, type StudioTransport } from '../../../shared/studio-api';
import { createStudioService, type StudioService } from '../../../electron/engine/studio/studio-service';
import { sessionKeyStore } from '../../../electron/web/web-shell';

const invokeNames = Object.keys(invokeChannels) as InvokeChannel[];
const streamNames = Object.keys(streamChannels) as StreamChannel[];

/** Records which channel each API method reaches, as both shells' transports see it. */
function recordingApi() {
  const calls: string[] = [];
  const transport: StudioTransport = {
    invoke: async (channel) => {
      calls.push(channel);
      return { ok: true, value: null };
    },
    on: () => () => {},
    stream: (channel) => {
      calls.push(channel);
      return { cancel: () => {} };
    },
  };
  return {
    api: buildStudioApi(transport) as unknown as Record<string, Record<string, (...args: unknown[]) => unknown>>,
    calls,
  };
}

const methodOf = (channel: string) => {
  const [domain, action] = channel.split(':') as [string, string];
  return [domain, action.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] as const;
};

let dataDir: string;
let service: StudioService;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'avs-contract-'));
  service = await createStudioService({
    dataDir,
    emit: () => {},
    keyStore: sessionKeyStore,
    env: {},
    openEngine: async () => {
      throw new Error('not used');
    },
    exportTarget: { deliver: async () => null },
    reveal: async () => false,
    openExternal: async () => false,
    appInfo: { name: 'Async Voice Studio', version: '0', shell: 'web', platform: 'linux' },
  });
});
afterAll(async () => {
  await service.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the IPC contract is complete on every side', () => {
  it.each(invokeNames)('invoke %s has a schema, a handler and an API method that reaches it', async (channel) => {
    expect(invokeChannels[channel]).toBeInstanceOf(z.ZodType);
    expect(typeof service.handlers[channel]).toBe('function');
    const { api, calls } = recordingApi();
    const [domain, action] = methodOf(channel);
    expect(typeof api[domain]?.[action]).toBe('function');
    await api[domain]![action]!({});
    expect(calls).toEqual([channel]);
  });

  it.each(streamNames)('stream %s has a schema, a handler and an API method that reaches it', (channel) => {
    expect(streamChannels[channel]).toBeInstanceOf(z.ZodType);
    expect(typeof service.streams[channel]).toBe('function');
    const { api, calls } = recordingApi();
    const [domain, action] = methodOf(channel);
    api[domain]![action]!({}, () => {});
    expect(calls).toEqual([channel]);
  });

  it('the service implements nothing the contract does not declare', () => {
    expect(Object.keys(service.handlers).sort()).toEqual([...invokeNames].sort());
    expect(Object.keys(service.streams).sort()).toEqual([...streamNames].sort());
  });
});
