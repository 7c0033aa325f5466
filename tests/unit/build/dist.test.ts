import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROOT } from '../../../scripts/bundled-packages';
import {
  cannotPackageMessage,
  electronCacheRoot,
  electronUnavailable,
  electronZipUrl,
  signingArguments,
} from '../../../scripts/dist';

const target = { version: '41.7.1', platform: 'linux' as const, arch: 'x64' };

/** A port nothing listens on: opened, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('npm run dist: can Electron be had?', () => {
  let scratch = '';
  let mirror: Server;
  let mirrorUrl = '';
  const requested: string[] = [];

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'avs-dist-'));
    // A stand-in download mirror: it has this one zip.
    mirror = createServer((request, response) => {
      requested.push(`${request.method} ${request.url}`);
      response.writeHead(request.url?.endsWith('electron-v41.7.1-linux-x64.zip') ? 200 : 404).end();
    });
    await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
    mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/mirror/`;
  });

  afterAll(async () => {
    await new Promise((resolve) => mirror.close(resolve));
    await rm(scratch, { recursive: true, force: true });
  });

  it('downloads from GitHub by default, or from ELECTRON_MIRROR / ELECTRON_CUSTOM_DIR', () => {
    expect(electronZipUrl(target, {})).toBe(
      'https://github.com/electron/electron/releases/download/v41.7.1/electron-v41.7.1-linux-x64.zip',
    );
    expect(electronZipUrl(target, { ELECTRON_MIRROR: 'https://mirror.example/e', ELECTRON_CUSTOM_DIR: '41' })).toBe(
      'https://mirror.example/e/41/electron-v41.7.1-linux-x64.zip',
    );
  });

  it('is content with a zip in the download cache, without asking the network', async () => {
    const cache = join(scratch, 'cache');
    await mkdir(join(cache, 'a1b2c3'), { recursive: true });
    await writeFile(join(cache, 'a1b2c3', 'electron-v41.7.1-linux-x64.zip'), 'zip');
    const fetchSpy = vi.fn<typeof fetch>();
    expect(await electronUnavailable(target, { electron_config_cache: cache }, fetchSpy)).toBeNull();
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(electronCacheRoot({ electron_config_cache: cache })).toBe(cache);
  });

  it('asks the mirror otherwise: fine when it has the zip, the status when not, the cause when unreachable', async () => {
    const emptyCache = { electron_config_cache: join(scratch, 'no-cache'), ELECTRON_MIRROR: mirrorUrl };
    expect(await electronUnavailable(target, emptyCache)).toBeNull();
    expect(requested).toContain('HEAD /mirror/v41.7.1/electron-v41.7.1-linux-x64.zip');
    expect(await electronUnavailable({ ...target, arch: 'arm64' }, emptyCache)).toMatch(/answered HTTP 404$/);
    // GitHub's signed storage URLs may refuse a HEAD although the download works: only 404 means missing.
    const forbidden = vi.fn<typeof fetch>().mockResolvedValue(new Response(null, { status: 403 }));
    expect(await electronUnavailable(target, emptyCache, forbidden)).toBeNull();
    const port = await closedPort();
    expect(await electronUnavailable(target, { ...emptyCache, ELECTRON_MIRROR: `http://127.0.0.1:${port}/` })).toBe(
      `127.0.0.1:${port} cannot be reached (ECONNREFUSED)`,
    );
  });

  it('says why it cannot package and where installers come from, instead of a stack trace', async () => {
    const port = await closedPort();
    const env = {
      ...process.env,
      ELECTRON_MIRROR: `http://127.0.0.1:${port}/`,
      electron_config_cache: join(scratch, 'no-cache'),
    };
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/dist.ts'], {
      cwd: ROOT,
      env,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(1);
    expect(output).toContain('Cannot build installers on this machine');
    expect(output).toContain(`cannot be reached (ECONNREFUSED)`);
    expect(output).toContain('.github/workflows/release.yml');
    expect(output).toContain('npm start');
    expect(output).not.toMatch(/^\s+at /m);
    // It stopped before building anything.
    expect(output).not.toMatch(/electron-vite|electron-builder +version/);
  });

  it('words the refusal with the target and the reason', () => {
    const message = cannotPackageMessage(target, 'github.com cannot be reached (ENOTFOUND)');
    expect(message).toMatch(/Electron 41\.7\.1 for linux-x64 \(electron-v41\.7\.1-linux-x64\.zip\)/);
    expect(message).toMatch(/github\.com cannot be reached \(ENOTFOUND\)/);
  });
});

describe('npm run dist: signing', () => {
  it('signs macOS builds ad hoc, without the hardened runtime, when no certificate is given', () => {
    expect(signingArguments('darwin', {})).toEqual(['-c.mac.identity=-', '-c.mac.hardenedRuntime=false']);
    expect(signingArguments('darwin', { CSC_LINK: 'base64…' })).toEqual([]);
    expect(signingArguments('darwin', { CSC_NAME: 'Developer ID Application: X' })).toEqual([]);
    expect(signingArguments('linux', {})).toEqual([]);
    expect(signingArguments('win32', {})).toEqual([]);
  });
});
