import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeFor, readCsp, resolveInside } from '../../../electron/web/static-path';

const root = resolve('/srv/studio/out/web');

describe('resolveInside (traversal guard of both shells)', () => {
  it('maps paths inside the root, "/" to index.html', () => {
    expect(resolveInside(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveInside(root, '/assets/index-abc.js')).toBe(join(root, 'assets', 'index-abc.js'));
    expect(resolveInside(root, '/assets/a%20b.css')).toBe(join(root, 'assets', 'a b.css'));
  });

  it('refuses every way out of the root', () => {
    for (const path of [
      '/../secret',
      '/assets/../../secret',
      '/%2e%2e/secret',
      '/assets/%2e%2e%2f%2e%2e%2fsecret',
      '/..%5c..%5csecret',
      '/assets\\..\\..\\secret',
      '/index.html%00.png',
      '/%E0%A4%A',
    ]) {
      expect(resolveInside(root, path), path).toBeNull();
    }
  });

  it('refuses names that only exist beside the root (a prefix is not a parent)', () => {
    expect(resolveInside(root, '/../web-secret/x')).toBeNull();
  });
});

describe('static helpers', () => {
  it('names the content type, never leaving a browser to sniff', () => {
    expect(contentTypeFor('a/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('a/x.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('a/take.wav')).toBe('audio/wav');
    expect(contentTypeFor('a/unknown.bin')).toBe('application/octet-stream');
  });

  it("reads the renderer's CSP from its meta tag", () => {
    const html = `<head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'"></head>`;
    expect(readCsp(html)).toBe("default-src 'none'; script-src 'self'");
    expect(readCsp('<head></head>')).toBeNull();
  });
});
