import { describe, expect, it } from 'vitest';
import { checkRequest, tokenCookieName, type GuardedRequest } from '../../../electron/web/request-guard';

const token = 'a'.repeat(43);
const port = 41234;
const expected = { token, port };
const request = (
  overrides: Partial<GuardedRequest> & { headers?: GuardedRequest['headers'] } = {},
): GuardedRequest => ({
  url: `/?token=${token}`,
  remoteAddress: '127.0.0.1',
  ...overrides,
  headers: { host: `127.0.0.1:${port}`, ...overrides.headers },
});

describe('web shell request guard', () => {
  it('lets the first page load in with the query token and asks for the cookie to be set', () => {
    expect(checkRequest(request(), expected)).toEqual({ ok: true, setCookie: true });
  });

  it('accepts the token from the cookie or the header without setting the cookie again', () => {
    const cookie = `other=1; ${tokenCookieName(port)}=${token}`;
    expect(checkRequest(request({ url: '/assets/x.js', headers: { cookie } }), expected)).toEqual({
      ok: true,
      setCookie: false,
    });
    expect(checkRequest(request({ url: '/ws', headers: { 'x-studio-token': token } }), expected)).toEqual({
      ok: true,
      setCookie: false,
    });
  });

  it('refuses a request without the token, with a wrong one, or with a cookie made for another port', () => {
    expect(checkRequest(request({ url: '/' }), expected)).toMatchObject({ ok: false, status: 403 });
    expect(checkRequest(request({ url: `/?token=${'b'.repeat(43)}` }), expected)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(checkRequest(request({ url: '/?token=short' }), expected)).toMatchObject({ ok: false, status: 403 });
    const foreignCookie = `${tokenCookieName(port + 1)}=${token}`;
    expect(checkRequest(request({ url: '/', headers: { cookie: foreignCookie } }), expected)).toMatchObject({
      ok: false,
    });
  });

  it('refuses a foreign Host: a DNS-rebinding page sends its own name', () => {
    for (const host of [
      `evil.example:${port}`,
      `127.0.0.1:${port + 1}`,
      '127.0.0.1',
      `localhost.evil.example:${port}`,
    ]) {
      expect(checkRequest(request({ headers: { host } }), expected)).toMatchObject({ ok: false, status: 403 });
    }
    expect(checkRequest(request({ headers: { host: undefined } }), expected)).toMatchObject({ ok: false });
    expect(checkRequest(request({ headers: { host: `LOCALHOST:${port}` } }), expected)).toMatchObject({ ok: true });
  });

  it('refuses a foreign Origin, and an Origin that does not match the Host', () => {
    for (const origin of ['http://evil.example', 'null', `http://localhost:${port}`, `https://127.0.0.1:${port}`]) {
      expect(checkRequest(request({ headers: { origin } }), expected)).toMatchObject({ ok: false, status: 403 });
    }
    expect(checkRequest(request({ headers: { origin: `http://127.0.0.1:${port}` } }), expected)).toMatchObject({
      ok: true,
    });
  });

  it('refuses peers that are not this computer', () => {
    for (const remoteAddress of ['192.168.1.20', '10.0.0.1', '::ffff:192.168.1.20', 'fe80::1', undefined]) {
      expect(checkRequest(request({ remoteAddress }), expected)).toMatchObject({ ok: false, status: 403 });
    }
    for (const remoteAddress of ['::1', '::ffff:127.0.0.1', '127.0.0.2']) {
      expect(checkRequest(request({ remoteAddress }), expected)).toMatchObject({ ok: true });
    }
  });
});
