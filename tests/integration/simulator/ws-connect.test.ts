import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { initMessage, openSession, RawWsClient, useSimulator, wsUrl } from './helpers';

const sim = useSimulator();

/** Attempts an upgrade and reports the HTTP refusal, if any. */
function upgradeRefusal(url: string): Promise<{ status: number; body: unknown } | 'open'> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    socket.on('open', () => {
      socket.close();
      resolve('open');
    });
    socket.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

describe('WebSocket authentication', () => {
  it('refuses a bad key with HTTP 401 on the upgrade by default, echoing a truncated key', async () => {
    const refusal = await upgradeRefusal(wsUrl(sim, { api_key: 'sk_wrong_key_123456', version: 'v1' }));
    expect(refusal).toEqual({
      status: 401,
      body: {
        detail: { error_code: 'INVALID_API_KEY', message: 'Invalid API key.', extra: { api_key: 'sk_wro...' } },
      },
    });
    expect(sim.recording.ws[0]).toMatchObject({ query: { api_key: 'sk_wrong_key_123456' }, closed: true });
  });

  it('refuses a missing key too', async () => {
    const refusal = await upgradeRefusal(wsUrl(sim, { version: 'v1' }));
    expect(refusal).toMatchObject({ status: 401 });
  });

  it('with errorThenClose accepts, sends the INVALID_API_KEY frame, then closes', async () => {
    sim.setFaults({ wsAuthFailure: 'errorThenClose' });
    const client = await RawWsClient.open(wsUrl(sim, { api_key: 'nope-nope-nope' }));
    const { code } = await client.closed;
    expect(client.messages).toEqual([
      { error_code: 'INVALID_API_KEY', message: 'Invalid API key.', extra: { api_key: 'nope-n...' } },
    ]);
    expect(code).toBe(1008);
  });

  it('accepts the key from a header when the query has none', async () => {
    const client = await RawWsClient.open(sim.wsUrl, { api_key: sim.apiKey });
    client.send(initMessage());
    client.send({ transcript: 'Hi. ', context_id: 'h', force: true });
    await client.waitFor((m) => m.final === false);
    client.close();
    expect(sim.recording.ws[0]!.headers.api_key).toBe(sim.apiKey);
  });

  it('accepts a missing version and refuses an unknown one with 404 VERSION_NOT_FOUND', async () => {
    expect(await upgradeRefusal(wsUrl(sim, { api_key: sim.apiKey }))).toBe('open');
    const refusal = await upgradeRefusal(wsUrl(sim, { api_key: sim.apiKey, version: 'v0.9' }));
    expect(refusal).toMatchObject({
      status: 404,
      body: { detail: { error_code: 'VERSION_NOT_FOUND', message: 'API version v0.9 not found.' } },
    });
  });

  it('only upgrades on the documented path', async () => {
    const other = sim.wsUrl.replace('/ws', '/other');
    expect(await upgradeRefusal(`${other}?api_key=${sim.apiKey}`)).toMatchObject({ status: 404 });
  });
});

describe('WebSocket init', () => {
  async function initError(init: unknown) {
    const client = await RawWsClient.open(wsUrl(sim));
    client.send(init);
    const { code } = await client.closed;
    expect(code).toBe(1008);
    expect(client.messages).toHaveLength(1);
    return client.messages[0]!;
  }

  it('accepts language null or absent and an omitted output_format', async () => {
    for (const init of [
      initMessage(),
      initMessage({ language: undefined }),
      { model_id: 'async_pro_v1.0', voice: initMessage().voice },
    ]) {
      const client = await openSession(sim, init);
      client.send({ transcript: 'Yes. ', context_id: 'c', force: true });
      await client.waitFor((m) => m.final === false);
      client.close();
    }
  });

  it('rejects unknown and retired models', async () => {
    expect(await initError(initMessage({ model_id: 'asyncflow_v2.0' }))).toMatchObject({
      error_code: 'INVALID_REQUEST',
      message: expect.stringContaining('retired'),
    });
    expect(await initError(initMessage({ model_id: 'async_turbo_v9' }))).toMatchObject({
      error_code: 'INVALID_REQUEST',
      extra: { model_id: 'async_turbo_v9' },
    });
  });

  it('rejects an unknown voice with VOICE_NOT_FOUND and a malformed voice object', async () => {
    expect(await initError(initMessage({ voice: { mode: 'id', id: 'no-such-voice' } }))).toEqual({
      error_code: 'VOICE_NOT_FOUND',
      message: 'Voice no-such-voice not found.',
      extra: { voice_id: 'no-such-voice' },
    });
    expect(await initError(initMessage({ voice: 'e0f39dc4' }))).toMatchObject({ error_code: 'INVALID_REQUEST' });
  });

  it('rejects a language the model does not speak, and one the API does not know', async () => {
    expect(await initError(initMessage({ language: 'ja' }))).toMatchObject({
      error_code: 'INVALID_LANGUAGE',
      extra: { language: 'ja' },
    });
    expect(await initError(initMessage({ model_id: 'async_flash_v1.0', language: 'nl' }))).toMatchObject({
      error_code: 'INVALID_LANGUAGE',
    });
  });

  it('rejects bad output formats', async () => {
    const bad = [
      { container: 'raw', encoding: 'pcm_s16le', sample_rate: 7999 },
      { container: 'raw', encoding: 'pcm_s24le', sample_rate: 24000 },
      { container: 'ogg', encoding: 'pcm_s16le', sample_rate: 24000 },
      { container: 'wav', encoding: 'pcm_s16le', sample_rate: 24000 },
      { container: 'raw', sample_rate: '24000' },
    ];
    for (const output_format of bad) {
      expect(await initError(initMessage({ output_format }))).toMatchObject({ error_code: 'INVALID_REQUEST' });
    }
    expect(
      await initError(initMessage({ output_format: { container: 'mp3', encoding: 'pcm_s16le', sample_rate: 24000 } })),
    ).toMatchObject({ error_code: 'FORMAT_NOT_RECOGNIZED' });
  });

  it('requires init first and refuses unknown init fields', async () => {
    expect(await initError({ transcript: 'Hello. ', context_id: 'a' })).toMatchObject({
      error_code: 'INVALID_MESSAGE',
      message: expect.stringContaining('first message'),
    });
    expect(await initError({ ...initMessage(), voice_id: 'x' })).toMatchObject({
      message: expect.stringContaining('voice_id'),
    });
    expect(await initError('not json')).toMatchObject({ error_code: 'INVALID_MESSAGE' });
  });

  it('accepts speed_control for async_flash_v1.0 only', async () => {
    const ok = await openSession(sim, initMessage({ model_id: 'async_flash_v1.0', speed_control: 1.5 }));
    ok.send({ transcript: 'Fast. ', context_id: 'f', force: true });
    await ok.waitFor((m) => m.final === false);
    ok.close();
    expect(await initError(initMessage({ speed_control: 1.5 }))).toMatchObject({ extra: { field: 'speed' } });
  });
});
