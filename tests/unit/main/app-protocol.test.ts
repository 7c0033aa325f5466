import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerAppScheme, serveRenderer } from '../../../electron/main/app-protocol';
import { protocol } from '../../mocks/electron';

const CSP = "default-src 'none'; script-src 'self'";
let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'avs-app-protocol-'));
  await mkdir(join(root, 'renderer', 'assets'), { recursive: true });
  await writeFile(join(root, 'renderer', 'index.html'), `<meta http-equiv="Content-Security-Policy" content="${CSP}">`);
  await writeFile(join(root, 'renderer', 'assets', 'app.js'), 'export {}');
  await writeFile(join(root, 'secret.txt'), 'key');
});
afterEach(() => rm(root, { recursive: true, force: true }));

async function fetchApp(url: string): Promise<Response> {
  await serveRenderer(join(root, 'renderer'));
  const handler = protocol.handle.mock.calls[0]![1] as (request: Request) => Promise<Response>;
  return handler(new Request(url));
}

describe('app:// protocol', () => {
  it('is registered as a standard, secure scheme', () => {
    registerAppScheme();
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
  });

  it('serves the built renderer with its content type and CSP', async () => {
    const page = await fetchApp('app://studio/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CSP);
    const script = await fetchApp('app://studio/assets/app.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('export {}');
  });

  it('serves nothing outside the renderer folder or for another host', async () => {
    for (const url of [
      'app://studio/%2e%2e/secret.txt',
      'app://studio/..%2fsecret.txt',
      'app://studio/assets/..%5c..%5csecret.txt',
      'app://other/index.html',
      'app://studio/missing.js',
    ]) {
      expect((await fetchApp(url)).status, url).toBe(404);
    }
  });
});
