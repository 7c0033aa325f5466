import { afterEach, describe, expect, it } from 'vitest';
import { app } from '../../mocks/electron';
import { devServerUrl, isOwnUrl } from '../../../electron/main/app-origin';

afterEach(() => {
  delete process.env.ELECTRON_RENDERER_URL;
});

describe('the studio origin', () => {
  it('is app://studio, and the dev server only when given', () => {
    expect(isOwnUrl('app://studio/index.html', null)).toBe(true);
    expect(isOwnUrl('app://other/index.html', null)).toBe(false);
    expect(isOwnUrl('http://localhost:5173/', null)).toBe(false);
    expect(isOwnUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isOwnUrl('http://localhost:5173.evil.example/', 'http://localhost:5173')).toBe(false);
    expect(isOwnUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isOwnUrl('not a url', 'http://localhost:5173')).toBe(false);
    expect(isOwnUrl('', null)).toBe(false);
  });

  it('honours ELECTRON_RENDERER_URL only in an unpackaged app', () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    expect(devServerUrl()).toBe('http://localhost:5173');
    app.isPackaged = true;
    expect(devServerUrl()).toBeNull();
  });
});
