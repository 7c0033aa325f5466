import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest, Server } from 'node:http';
import { connect as tcpConnect, type Socket } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InvokeHandlers, StreamHandlers } from '../../../electron/engine/studio/dispatch';
import { createDownloadStore, type DownloadStore } from '../../../electron/web/downloads';
import { checkRequest } from '../../../electron/web/request-guard';
import { createEventHub, newToken, startWebShell, type WebShell } from '../../../electron/web/server';
import { SOCKET_PATH } from '../../../electron/web/socket-path';
import { upgradeStatus } from '../web/upgrade-status';

/**
 * The web shell's last line of defence, on the real server: a peer that is not this computer is
 * refused even with the right token, Host and Origin. The server listens on 127.0.0.1 only, so no
 * such peer can reach it here; the test makes loopback connections report a LAN address instead,
 * which is what the guard would see if the shell were ever bound wider.
 * (Token, Host and Origin refusals: tests/unit/web/request-guard.test.ts, server.test.ts and
 * tests/e2e/web-security.e2e.ts.)
 */

let staticDir: string;
let downloads: DownloadStore;
let shell: WebShell;
let reached: string[];

beforeEach(async () => {
  staticDir = await mkdtemp(join(tmpdir(), 'avs-refusals-'));
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>studio</title>');
  reached = [];
  const handlers = {
    'app:info': async () => {
      reached.push('app:info');
      return { name: 'Async Voice Studio', version: '0', shell: 'web', platform: 'linux' };
    },
  } as unknown as InvokeHandlers;
  const token = newToken();
  downloads = await createDownloadStore(token);
  shell = await startWebShell({
    token,
    service: { handlers, streams: {} as StreamHandlers },
    hub: createEventHub(),
    downloads,
    staticDir,
  });
});

afterEach(async () => {
  await shell.close();
  await downloads.close();
  await rm(staticDir, { recursive: true, force: true });
});

/** While `run` runs, every connection an HTTP server accepts reports `peer` as its remote address. */
async function asIfFrom<T>(peer: string, run: () => Promise<T>): Promise<T> {
  const own = Object.getOwnPropertyDescriptor(Server.prototype, 'emit');
  const emit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'connection') {
      Object.defineProperty(args[0] as Socket, 'remoteAddress', { value: peer, configurable: true });
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  };
  try {
    return await run();
  } finally {
    if (own) Object.defineProperty(Server.prototype, 'emit', own);
    else delete (Server.prototype as { emit?: unknown }).emit;
  }
}

function get(path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      // A fresh connection each time: a kept-alive one would carry the peer address it was opened with.
      { host: '127.0.0.1', port: shell.port, path, headers: { host: `127.0.0.1:${shell.port}` }, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Opens the studio socket with everything right (token, Host, Origin) and asks it something; 101 or the refusal's status. */
function upgrade(): Promise<number> {
  return upgradeStatus(
    `ws://127.0.0.1:${shell.port}${SOCKET_PATH}?token=${shell.token}`,
    { origin: `http://127.0.0.1:${shell.port}` },
    JSON.stringify({ type: 'invoke', id: 1, channel: 'app:info', payload: {} }),
  );
}

/** Whether a TCP connection to `host`:`port` is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    socket.setTimeout(2000, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('web shell: only this computer', () => {
  it('listens on the loopback address alone: none of this machine’s network addresses accepts a connection', async () => {
    expect(new URL(shell.url).hostname).toBe('127.0.0.1');
    expect(await accepts('127.0.0.1', shell.port)).toBe(true);
    const outward = Object.entries(networkInterfaces()).flatMap(([name, addresses]) =>
      (addresses ?? [])
        .filter((address) => !address.internal)
        // Link-local IPv6 needs its interface named to be reachable at all.
        .map((address) => (address.address.startsWith('fe80:') ? `${address.address}%${name}` : address.address)),
    );
    for (const address of outward) expect(await accepts(address, shell.port), address).toBe(false);
  });

  it('refuses a peer on another computer, even with the right token, Host and Origin: page, assets, downloads, socket', async () => {
    const { downloadUrl } = await downloads.deliver('take.wav', new Uint8Array([1, 2, 3, 4]));
    for (const peer of ['192.168.1.20', '::ffff:10.0.0.5', 'fd00::2', '203.0.113.9', '169.254.10.10']) {
      await asIfFrom(peer, async () => {
        for (const path of [`/?token=${shell.token}`, `/index.html?token=${shell.token}`, downloadUrl]) {
          expect(await get(path), `${peer} ${path}`).toEqual({
            status: 403,
            body: 'Only this computer may connect.\n',
          });
        }
        expect(await upgrade(), peer).toBe(403);
      });
    }
    expect(reached).toEqual([]);
    // The same requests from this computer are let in, so the refusals above are the peer's alone.
    expect((await get(`/?token=${shell.token}`)).status).toBe(200);
    expect((await get(downloadUrl)).status).toBe(200);
    expect(await upgrade()).toBe(101);
    expect(reached).toEqual(['app:info']);
  });

  it('treats only real loopback addresses as this computer, not look-alikes', () => {
    const request = (remoteAddress: string | undefined) => ({
      url: `/?token=${'a'.repeat(43)}`,
      headers: { host: '127.0.0.1:4000' },
      remoteAddress,
    });
    const expected = { token: 'a'.repeat(43), port: 4000 };
    for (const lookalike of [
      '0.0.0.0',
      '::',
      '127.0.0.1.evil.example',
      '127.0.0.1:80',
      ' 127.0.0.1',
      '0177.0.0.1',
      '::ffff:7f00:1',
      '::ffff:0.0.0.0',
      'localhost',
      '',
    ]) {
      expect(checkRequest(request(lookalike), expected), lookalike).toMatchObject({ ok: false, status: 403 });
    }
    for (const loopback of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
      expect(checkRequest(request(loopback), expected), loopback).toMatchObject({ ok: true });
    }
  });
});
