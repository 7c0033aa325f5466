import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { StreamMessage } from '../../../shared/ipc-contract';
import type { InvokeHandlers, StreamHandlers, StreamSink } from '../../../electron/engine/studio/dispatch';
import { createSocketTransport, type SocketLike } from '../../../electron/web/client/socket-transport';
import { createDownloadStore, type DownloadStore } from '../../../electron/web/downloads';
import { createEventHub, newToken, startWebShell, type EventHub, type WebShell } from '../../../electron/web/server';
import { buildStudioApi } from '../../../shared/studio-api';

const CSP = "default-src 'none'; script-src 'self'; connect-src 'self'";
const INFO = { name: 'Async Voice Studio', version: '1.2.3', shell: 'web' as const, platform: 'linux' };

/** A stream handler the test steers: it sends chunks when released and records how it ended. */
function controllableStream() {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let aborted: () => void = () => {};
  const abortedPromise = new Promise<void>((resolve) => (aborted = resolve));
  const handler = async (_request: { text: string }, sink: StreamSink) => {
    sink.signal.addEventListener('abort', () => aborted());
    sink.send({ type: 'format', playId: 'p1', sampleRate: 16000 });
    for (let i = 0; i < 5; i++) {
      const samples = new Float32Array(800).fill(i / 10);
      sink.send({ type: 'chunk', index: 0, pcm: new Uint8Array(samples.buffer) });
    }
    await Promise.race([released, abortedPromise]);
    sink.send({ type: 'done', takeId: 'take-1' });
  };
  return { handler, release, aborted: abortedPromise };
}

let staticDir: string;
let shell: WebShell;
let hub: EventHub;
let downloads: DownloadStore;
let stream: ReturnType<typeof controllableStream>;

beforeEach(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'avs-web-test-'));
  await mkdir(join(staticDir, 'assets'));
  await writeFile(
    join(staticDir, 'index.html'),
    `<!doctype html><head><meta http-equiv="Content-Security-Policy" content="${CSP}"></head><body>studio</body>`,
  );
  await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  stream = controllableStream();
  hub = createEventHub();
  const token = newToken();
  downloads = await createDownloadStore(token);
  const handlers = {
    'app:info': async () => INFO,
  } as unknown as InvokeHandlers;
  const streams = { 'speech:play': stream.handler } as unknown as StreamHandlers;
  shell = await startWebShell({ service: { handlers, streams }, hub, downloads, staticDir, token });
});

afterEach(async () => {
  await shell.close();
  await downloads.close();
  await rm(staticDir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: shell.port, path, method, headers: { host: `127.0.0.1:${shell.port}`, ...headers } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const withToken = (path: string) => `${path}${path.includes('?') ? '&' : '?'}token=${shell.token}`;

/** Opens the page's socket with the given token and headers; resolves with the socket or the refusal status. */
function connect(
  options: { token?: string | null; headers?: Record<string, string> } = {},
): Promise<WebSocket | number> {
  const token = options.token === undefined ? shell.token : options.token;
  const url = `ws://127.0.0.1:${shell.port}/ws${token === null ? '' : `?token=${token}`}`;
  const socket = new WebSocket(url, { headers: options.headers });
  return new Promise((resolve) => {
    socket.on('open', () => resolve(socket));
    socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    socket.on('error', () => resolve(-1));
  });
}

describe('web shell HTTP', () => {
  it('prints a loopback URL that carries the token', () => {
    expect(shell.url).toBe(`http://127.0.0.1:${shell.port}/?token=${shell.token}`);
    expect(shell.token.length).toBeGreaterThanOrEqual(43);
  });

  it('serves the page with the token, sets an HttpOnly SameSite=Strict cookie and the same CSP as index.html', async () => {
    const page = await get(withToken('/'));
    expect(page.status).toBe(200);
    expect(page.body).toContain('studio');
    expect(page.headers['content-security-policy']).toBe(CSP);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-frame-options']).toBe('DENY');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^studio_token_${shell.port}=${shell.token};`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const asset = await get('/assets/app.js', { cookie: cookie.split(';')[0]! });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('refuses every request without the token or with a wrong one, assets included', async () => {
    expect((await get('/')).status).toBe(403);
    expect((await get('/assets/app.js')).status).toBe(403);
    expect((await get('/?token=wrong')).status).toBe(403);
    expect((await get(`/?token=${shell.token.slice(0, -1)}x`)).status).toBe(403);
    expect((await get('/', { cookie: `studio_token_${shell.port}=nope` })).status).toBe(403);
  });

  it('refuses a foreign Origin and a foreign Host even with the token', async () => {
    expect((await get(withToken('/'), { origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(withToken('/'), { host: `rebind.evil.example:${shell.port}` })).status).toBe(403);
    expect((await get(withToken('/'), { origin: `http://127.0.0.1:${shell.port}` })).status).toBe(200);
    expect((await get(withToken('/'), { host: `localhost:${shell.port}` })).status).toBe(200);
  });

  it('serves nothing outside the build and accepts only GET and HEAD', async () => {
    expect((await get(withToken('/../../etc/passwd'))).status).toBe(404);
    expect((await get(withToken('/%2e%2e/%2e%2e/etc/passwd'))).status).toBe(404);
    expect((await get(withToken('/missing.js'))).status).toBe(404);
    expect((await get(withToken('/'), {}, 'POST')).status).toBe(405);
  });

  it('hands exports to the browser as attachments at their tokenised address', async () => {
    const { downloadUrl } = await downloads.deliver('My take.wav', new Uint8Array([82, 73, 70, 70]));
    const file = await get(downloadUrl);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="My take.wav"; filename*=UTF-8''My%20take.wav`,
    );
    expect(file.headers['content-type']).toBe('audio/wav');
    expect(file.body).toBe('RIFF');
    expect((await get(downloadUrl.split('?')[0]!)).status).toBe(403);
  });
});

describe('web shell WebSocket', () => {
  it('refuses the upgrade without the token, with a wrong one, from a foreign Origin or with a bad Host', async () => {
    expect(await connect({ token: null })).toBe(403);
    expect(await connect({ token: 'wrong' })).toBe(403);
    expect(await connect({ headers: { origin: 'http://evil.example' } })).toBe(403);
    expect(await connect({ headers: { host: `evil.example:${shell.port}` } })).toBe(403);
    const ok = await connect({ headers: { origin: `http://127.0.0.1:${shell.port}` } });
    expect(ok).toBeInstanceOf(WebSocket);
    (ok as WebSocket).close();
  });

  it('accepts the cookie the page got on its first load', async () => {
    const cookie = String((await get(withToken('/'))).headers['set-cookie']).split(';')[0]!;
    const socket = await connect({ token: null, headers: { cookie } });
    expect(socket).toBeInstanceOf(WebSocket);
    (socket as WebSocket).close();
  });

  it('answers invokes through the same dispatcher as Electron: parsed, unknown channels refused', async () => {
    const socket = (await connect()) as WebSocket;
    const api = buildStudioApi(createSocketTransport(socket as unknown as SocketLike));
    expect(await api.app.info({})).toEqual({ ok: true, value: INFO });
    const bad = await api.app.info({ extra: 1 } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    socket.close();
  });

  it('queues requests made before the socket opens', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${shell.port}/ws?token=${shell.token}`);
    const api = buildStudioApi(createSocketTransport(socket as unknown as SocketLike));
    expect(await api.app.info({})).toEqual({ ok: true, value: INFO });
    socket.close();
  });

  it('delivers events to every connected page', async () => {
    const socket = (await connect()) as WebSocket;
    const api = buildStudioApi(createSocketTransport(socket as unknown as SocketLike));
    const seen: unknown[] = [];
    const unsubscribe = api.on('export:progress', (payload) => seen.push(payload));
    await api.app.info({}); // the session is attached once a round trip has completed
    hub.emit('export:progress', { takeId: 't', fraction: 0.5 });
    await expect.poll(() => seen).toEqual([{ takeId: 't', fraction: 0.5 }]);
    unsubscribe();
    hub.emit('export:progress', { takeId: 't', fraction: 1 });
    await api.app.info({});
    expect(seen).toHaveLength(1);
    socket.close();
  });

  it('streams chunks in order as binary frames and finishes with done', async () => {
    const socket = (await connect()) as WebSocket;
    const frames: boolean[] = [];
    socket.on('message', (_data, isBinary) => frames.push(isBinary));
    const api = buildStudioApi(createSocketTransport(socket as unknown as SocketLike));
    const messages: StreamMessage[] = [];
    const finished = new Promise<void>((resolve) =>
      api.speech.play({ text: 'Hello.' }, (message) => {
        messages.push(message);
        if (message.type === 'chunk' && messages.length === 6) stream.release();
        if (message.type === 'done') resolve();
      }),
    );
    await finished;
    expect(messages.map((m) => m.seq)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(messages.map((m) => m.type)).toEqual(['format', 'chunk', 'chunk', 'chunk', 'chunk', 'chunk', 'done']);
    const chunks = messages.filter((m): m is Extract<StreamMessage, { type: 'chunk' }> => m.type === 'chunk');
    chunks.forEach((chunk, i) => {
      const samples = new Float32Array(chunk.pcm.buffer, chunk.pcm.byteOffset, chunk.pcm.byteLength / 4);
      expect(samples.length).toBe(800);
      expect(samples[799]).toBeCloseTo(i / 10, 6);
    });
    // format and done are text; each chunk is one binary frame.
    expect(frames.filter(Boolean)).toHaveLength(5);
    socket.close();
  });

  it('cancelling a stream aborts the engine handler', async () => {
    const socket = (await connect()) as WebSocket;
    const api = buildStudioApi(createSocketTransport(socket as unknown as SocketLike));
    let handle: { cancel(): void } | null = null;
    const firstChunk = new Promise<void>((resolve) => {
      handle = api.speech.play({ text: 'Hello.' }, (message) => message.type === 'chunk' && resolve());
    });
    await firstChunk;
    handle!.cancel();
    await stream.aborted;
    socket.close();
  });

  it('closing the socket (tab closed or reloaded) aborts its streams', async () => {
    const socket = (await connect()) as WebSocket;
    const api = buildStudioApi(createSocketTransport(socket as unknown as SocketLike));
    await new Promise<void>((resolve) => api.speech.play({ text: 'Hello.' }, (m) => m.type === 'chunk' && resolve()));
    socket.terminate();
    await stream.aborted;
  });

  it('fails pending requests and open streams when the connection is lost, instead of hanging', async () => {
    const socket = (await connect()) as WebSocket;
    const api = buildStudioApi(createSocketTransport(socket as unknown as SocketLike));
    const ended = new Promise<StreamMessage>((resolve) =>
      api.speech.play({ text: 'Hello.' }, (m) => {
        if (m.type === 'error') resolve(m);
      }),
    );
    await api.app.info({});
    await shell.close();
    expect(await ended).toMatchObject({ type: 'error', error: { code: 'NETWORK' } });
    expect(await api.app.info({})).toMatchObject({ ok: false, error: { code: 'NETWORK' } });
  });

  it('closes a socket that sends something other than the protocol', async () => {
    const socket = (await connect()) as WebSocket;
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    socket.send('{"type":"invoke","id":"x"}');
    expect(await closed).toBe(1008);
  });
});
