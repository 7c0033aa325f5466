import { beforeEach, describe, expect, it, vi } from 'vitest';
import { setLogSink } from '../../../electron/engine/log';
import { app, FakeWebContents, shell } from '../../mocks/electron';
import { checkExternalUrl, guardWebContents, openExternalUrl, setupSecurity } from '../../../electron/main/security';

beforeEach(() => setLogSink(() => {}));

describe('openExternalUrl (the only way to the OS browser)', () => {
  it('opens plain http and https addresses, normalised', async () => {
    const open = vi.fn();
    expect(await openExternalUrl('https://docs.async.com/voices?lang=en#top', open)).toBe(true);
    expect(await openExternalUrl('http://example.com', open)).toBe(true);
    expect(open.mock.calls).toEqual([['https://docs.async.com/voices?lang=en#top'], ['http://example.com/']]);
  });

  it.each([
    ['javascript:', 'javascript:alert(1)'],
    ['javascript: with case and spaces', ' JaVaScRiPt:alert(document.cookie)'],
    ['file:', 'file:///etc/passwd'],
    ['file: UNC', 'file://server/share/x.exe'],
    ['UNC path', '\\\\server\\share\\payload.exe'],
    ['backslashed http', 'http:\\\\evil.example\\x'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['mailto:', 'mailto:someone@example.com'],
    ['smb:', 'smb://server/share'],
    ['custom scheme', 'ms-msdt:/id PCWDiagnostic'],
    ['app: (our own scheme)', 'app://studio/index.html'],
    ['credentials in URL', 'https://user:pass@example.com/'],
    ['username only', 'https://user@example.com/'],
    ['malformed', 'http://'],
    ['relative', '/settings'],
    ['control character', 'https://example.com/\u0000'],
    ['newline', 'https://example.com/\nSet-Cookie:x'],
    ['not a string', { href: 'https://example.com' }],
    ['too long', `https://example.com/${'a'.repeat(3000)}`],
  ])('refuses %s', async (_name, value) => {
    const open = vi.fn();
    expect(checkExternalUrl(value)).toBeNull();
    expect(await openExternalUrl(value, open)).toBe(false);
    expect(open).not.toHaveBeenCalled();
  });
});

describe('web contents guard', () => {
  const own = (url: string) => url.startsWith('app://studio/');

  it('denies window.open, sending only checked http(s) links to the OS browser', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents as never, own);
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler!({ url: 'app://studio/index.html' })).toEqual({ action: 'deny' });
    expect(shell.openExternal.mock.calls).toEqual([['https://example.com/']]);
  });

  it('prevents navigation and redirects away from the studio, not within it', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents as never, own);
    expect(contents.emitCancellable('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.emitCancellable('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.emitCancellable('will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(contents.emitCancellable('will-navigate', 'app://studio/index.html')).toBe(false);
  });

  it('prevents attaching a webview', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents as never, own);
    expect(contents.emitCancellable('will-attach-webview', {}, {})).toBe(true);
  });

  it('denies every permission request and check', () => {
    const contents = new FakeWebContents();
    guardWebContents(contents as never, own);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      contents.session.permissionRequestHandler!(contents, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(contents.session.permissionCheckHandler!(contents, permission, 'app://studio')).toBe(false);
    }
  });

  it('guards every web contents the app creates', () => {
    setupSecurity();
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    expect(contents.setWindowOpenHandler).toHaveBeenCalledOnce();
    expect(contents.emitCancellable('will-navigate', 'https://evil.example/')).toBe(true);
  });
});
