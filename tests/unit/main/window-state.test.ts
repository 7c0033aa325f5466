import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIZE, loadWindowState, restoreBounds } from '../../../electron/main/window-state';

const laptop = { x: 0, y: 0, width: 1440, height: 900 };
const external = { x: 1440, y: 0, width: 2560, height: 1440 };

describe('window state', () => {
  it('opens at the default size, centred, the first time', () => {
    expect(restoreBounds(null, [laptop])).toEqual({ bounds: DEFAULT_SIZE, maximized: false });
  });

  it('reuses the remembered bounds on the screen they are on', () => {
    const saved = { x: 1600, y: 100, width: 1200, height: 800, maximized: true };
    expect(restoreBounds(saved, [laptop, external])).toEqual({
      bounds: { x: 1600, y: 100, width: 1200, height: 800 },
      maximized: true,
    });
  });

  it('drops the position when that screen is gone, keeping a size that fits', () => {
    const saved = { x: 1600, y: 100, width: 2000, height: 1200, maximized: false };
    expect(restoreBounds(saved, [laptop])).toEqual({ bounds: { width: 1440, height: 900 }, maximized: false });
  });

  it('pulls a window hanging off the edge back so its title bar can be reached', () => {
    const saved = { x: 1200, y: -50, width: 800, height: 600, maximized: false };
    expect(restoreBounds(saved, [laptop])).toEqual({
      bounds: { x: 640, y: 0, width: 800, height: 600 },
      maximized: false,
    });
  });

  it('treats a missing or damaged file as no memory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'avs-window-'));
    expect(await loadWindowState(join(dir, 'none.json'))).toBeNull();
    await writeFile(join(dir, 'bad.json'), '{"x": 1, "y": "two"}');
    expect(await loadWindowState(join(dir, 'bad.json'))).toBeNull();
    await writeFile(join(dir, 'good.json'), '{"x":1,"y":2,"width":900,"height":700,"maximized":false}');
    expect(await loadWindowState(join(dir, 'good.json'))).toEqual({
      x: 1,
      y: 2,
      width: 900,
      height: 700,
      maximized: false,
    });
    await rm(dir, { recursive: true, force: true });
  });
});
