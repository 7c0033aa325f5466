import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { test } from './fixtures';
import { makeTake, WAVEFORM } from './studio-page';

type Box = { top: number; bottom: number; width: number; height: number };

interface Layout {
  ruler: Box;
  scroll: Box;
  panel: Box;
  workspace: Box;
  status: Box;
  /** What the browser finds at the ruler's centre is the waveform (nothing drawn over it). */
  rulerOnTop: boolean;
  /** How far the page scrolls sideways. */
  sideways: number;
}

/**
 * Scrolls the waveform's time ruler into view and measures the layout in one go: wavesurfer
 * rebuilds the ruler on every redraw, so separate look-ups could each meet a different element.
 */
function measure(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    type El = {
      shadowRoot: { querySelector(s: string): El | null } | null;
      querySelectorAll(s: string): Iterable<El>;
      querySelector(s: string): El | null;
      closest(s: string): El | null;
      scrollIntoView(options: object): void;
      getBoundingClientRect(): { top: number; bottom: number; width: number; height: number; left: number };
    };
    const doc = (
      globalThis as unknown as {
        document: {
          querySelector(s: string): El;
          elementFromPoint(x: number, y: number): El | null;
          documentElement: { scrollWidth: number; clientWidth: number };
        };
      }
    ).document;
    const host = doc.querySelector('[data-testid="waveform"]');
    // The ruler is wavesurfer's timeline, inside the waveform's (open) shadow root.
    const inShadow = (part: string) =>
      [...host.querySelectorAll('*')].map((el) => el.shadowRoot?.querySelector(`[part="${part}"]`)).find(Boolean)!;
    const ruler = inShadow('timeline');
    ruler.scrollIntoView({ block: 'nearest' });
    const box = (el: El) => {
      const { top, bottom, width, height } = el.getBoundingClientRect();
      return { top, bottom, width, height };
    };
    const rect = ruler.getBoundingClientRect();
    return {
      ruler: box(ruler),
      scroll: box(inShadow('scroll')),
      panel: box(doc.querySelector('section.waveform')),
      workspace: box(doc.querySelector('main.workspace')),
      status: box(doc.querySelector('footer.status')),
      rulerOnTop: !!doc
        .elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2)
        ?.closest('[data-testid="waveform"]'),
      sideways: doc.documentElement.scrollWidth - doc.documentElement.clientWidth,
    };
  });
}

/**
 * The status bar covers nothing: everything that scrolls ends above it. The ruler, scrolled into
 * view, lies inside its panel and above the status bar, with nothing over it; no sideways scrolling.
 */
async function expectRulerClear(page: Page, label: string): Promise<void> {
  const layout = await measure(page);
  const viewport = page.viewportSize()!;
  expect(layout.ruler.height, label).toBeGreaterThan(10);
  expect(layout.workspace.bottom, `${label}: the workspace ends above the status bar`).toBeLessThanOrEqual(
    layout.status.top + 0.5,
  );
  expect(layout.ruler.bottom, `${label}: ruler above the status bar`).toBeLessThanOrEqual(layout.status.top + 0.5);
  expect(layout.ruler.bottom, `${label}: ruler inside its panel`).toBeLessThanOrEqual(layout.panel.bottom + 0.5);
  expect(layout.status.bottom, `${label}: status bar on screen`).toBeLessThanOrEqual(viewport.height + 0.5);
  expect({ rulerOnTop: layout.rulerOnTop, sideways: layout.sideways }, label).toEqual({
    rulerOnTop: true,
    sideways: 0,
  });
}

test('in a narrow window (980×760) the status bar stays clear of the waveform ruler', async ({ studio }) => {
  const { page } = studio;
  await makeTake(page, 'A narrow window still shows the whole waveform, with its ruler.');
  await expectRulerClear(page, '1280×820');

  const wide = (await measure(page)).scroll.width;
  await page.setViewportSize({ width: 980, height: 760 });
  // The layout changes, then the waveform redraws (debounced): wait until its ruler spans the new width.
  await expect
    .poll(
      async () => {
        const { scroll, ruler } = await measure(page);
        return scroll.width !== wide && Math.abs(scroll.width - ruler.width) < 1;
      },
      { timeout: 5000 },
    )
    .toBe(true);
  await studio.screenshot('10-narrow-window');
  await expectRulerClear(page, '980×760');
  await studio.screenshot('10-narrow-window-scrolled');

  // A selected region adds tools to the waveform's header; the ruler must still clear the status bar.
  const box = (await page.locator(WAVEFORM).boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 3);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 3, { steps: 8 });
  await page.mouse.up();
  await page.getByRole('button', { name: 'Listen to region', exact: true }).waitFor();
  await expectRulerClear(page, '980×760 with a region');
  await studio.screenshot('10-narrow-window-region');
});
