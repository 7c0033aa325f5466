import { request as httpRequest } from 'node:http';
import { request as playwrightRequest, type Request } from 'playwright-core';
import { expect } from 'vitest';
import { SOCKET_PATH } from '../../electron/web/socket-path';
import { upgradeStatus } from '../unit/web/upgrade-status';
import { test } from './fixtures';

/** A site that is not the studio, served by Playwright itself (nothing leaves the machine). */
const FOREIGN = 'http://foreign.test';

/** Status of a GET with a Host header of our choosing (browsers and fetch do not let one set it). */
function statusWithHost(port: number, path: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

test('web shell security: token, Host and Origin checks, a strict CSP, no framing, no token leaks', async ({
  studio,
}) => {
  const { page, context, shell, simulator } = studio;
  const origin = `http://127.0.0.1:${shell.port}`;
  const foreignRequests: Request[] = [];
  await context.route(`${FOREIGN}/**`, async (route) => {
    foreignRequests.push(route.request());
    await route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Foreign</title><p>Elsewhere</p>' });
  });

  // A fresh client (no cookie) without the token is refused everywhere; with it, let in.
  const fresh = await playwrightRequest.newContext();
  try {
    for (const path of ['/', '/index.html', '/does-not-exist.js', '/downloads/0123456789abcdef01234567/x.wav']) {
      expect((await fresh.get(`${origin}${path}`)).status(), path).toBe(403);
    }
    expect((await fresh.get(`${origin}/?token=not-the-token`)).status()).toBe(403);
    expect((await fresh.get(shell.url)).status()).toBe(200);
  } finally {
    await fresh.dispose();
  }
  expect(await upgradeStatus(`ws://127.0.0.1:${shell.port}${SOCKET_PATH}`)).toBe(403);
  expect(await upgradeStatus(`ws://127.0.0.1:${shell.port}${SOCKET_PATH}?token=${shell.token}`)).toBe(101);
  // DNS rebinding: the right token but another site's name in Host.
  expect(await statusWithHost(shell.port, `/?token=${shell.token}`, `rebind.test:${shell.port}`)).toBe(403);
  // Another origin holding the token still cannot open the engine's socket.
  expect(
    await upgradeStatus(`ws://127.0.0.1:${shell.port}${SOCKET_PATH}?token=${shell.token}`, { origin: FOREIGN }),
  ).toBe(403);

  // From a foreign page in the same browser: the socket is refused (Origin), and the studio will not be framed.
  const foreign = await context.newPage();
  await foreign.goto(`${FOREIGN}/`);
  const socketOpened = await foreign.evaluate(
    (url) =>
      new Promise<boolean>((resolve) => {
        const Socket = (
          globalThis as unknown as { WebSocket: new (u: string) => { onopen: () => void; onclose: () => void } }
        ).WebSocket;
        const socket = new Socket(url);
        socket.onopen = () => resolve(true);
        socket.onclose = () => resolve(false);
      }),
    `ws://127.0.0.1:${shell.port}${SOCKET_PATH}?token=${shell.token}`,
  );
  expect(socketOpened).toBe(false);
  await foreign.setContent(`<iframe src="${shell.url}"></iframe>`);
  const frame = foreign.frames()[1]!;
  // X-Frame-Options: DENY turns the framed studio into the browser's error page.
  await expect.poll(() => frame.url(), { timeout: 10_000 }).toBe('chrome-error://chromewebdata/');
  expect(await frame.locator('#root').count()).toBe(0);
  await foreign.close();

  // The studio page cannot reach anything but its own server: the CSP stops requests before they
  // leave, and a form cannot post the page away (form-action 'none'). Each attempt is answered by
  // the browser's own CSP violation report.
  const before = page.url();
  const violations = await page.evaluate(
    async ({ api, socket, foreign }) => {
      type Violation = { violatedDirective: string; blockedURI: string };
      const g = globalThis as unknown as {
        document: {
          addEventListener(type: string, listener: (event: Violation) => void): void;
          createElement(tag: 'form'): { action: string; method: string; submit(): void };
          body: { append(node: unknown): void };
        };
      };
      const seen = new Set<string>();
      let waiting: { url: string; resolve(): void } | null = null;
      g.document.addEventListener('securitypolicyviolation', (event) => {
        seen.add(`${event.violatedDirective} ${event.blockedURI}`);
        if (waiting && event.blockedURI.startsWith(waiting.url)) waiting.resolve();
      });
      const reported = (url: string) => new Promise<void>((resolve) => (waiting = { url, resolve }));
      for (const url of [`${api}/voices`, `${foreign}/exfiltrate`]) {
        const violated = reported(url);
        await fetch(url).then(
          () => seen.add(`reached ${url}`),
          () => undefined,
        );
        await violated;
      }
      // Nor another local service's WebSocket (the simulator's stands in for any).
      const socketViolated = reported(socket);
      new (globalThis as unknown as { WebSocket: new (url: string) => object }).WebSocket(socket);
      await socketViolated;
      const violated = reported(`${foreign}/form`);
      const form = g.document.createElement('form');
      form.action = `${foreign}/form`;
      form.method = 'post';
      g.document.body.append(form);
      form.submit();
      await violated;
      return [...seen];
    },
    { api: simulator.httpUrl, socket: simulator.wsUrl, foreign: FOREIGN },
  );
  expect(violations).toEqual([
    expect.stringMatching(new RegExp(`^connect-src ${simulator.httpUrl}/voices`)),
    expect.stringMatching(new RegExp(`^connect-src ${FOREIGN}/exfiltrate`)),
    expect.stringMatching(new RegExp(`^connect-src ${simulator.wsUrl}`)),
    expect.stringMatching(new RegExp(`^form-action ${FOREIGN}/form`)),
  ]);
  expect(page.url()).toBe(before);
  expect(simulator.recording.http).toEqual([]);
  expect(simulator.recording.ws).toEqual([]);
  expect(foreignRequests.map((r) => new URL(r.url()).pathname)).toEqual(['/']);

  // window.open: a browser cannot be stopped from opening a window, but the window opened gets no
  // handle on the studio (COOP same-origin) and no address holding the token (no Referer).
  const [popup] = await Promise.all([
    context.waitForEvent('page'),
    page.evaluate((url) => {
      (globalThis as unknown as { open(u: string): unknown }).open(url);
    }, `${FOREIGN}/popup`),
  ]);
  await popup.waitForLoadState();
  expect(await popup.evaluate(() => (globalThis as unknown as { opener: unknown }).opener)).toBeNull();
  const popupRequest = foreignRequests.find((r) => r.url().endsWith('/popup'))!;
  expect(await popupRequest.headerValue('referer')).toBeNull();
  await popup.close();

  // Navigating away is the user's right in a browser; the token does not travel with it.
  await page.evaluate((url) => {
    (globalThis as unknown as { location: { href: string } }).location.href = url;
  }, `${FOREIGN}/away`);
  await page.waitForURL(`${FOREIGN}/away`);
  const away = foreignRequests.find((r) => r.url().endsWith('/away'))!;
  expect(await away.headerValue('referer')).toBeNull();
  expect(foreignRequests.every((r) => !r.url().includes(shell.token))).toBe(true);
});
