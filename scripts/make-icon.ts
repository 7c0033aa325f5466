// `npm run icon`: draws the app icon, build/icon.png (1024×1024, transparent corners), from the
// SVG below, rendered by Chromium through playwright-core. electron-builder derives the macOS
// .icns, the Windows .ico and the Linux sizes from this one file on the release runners.
// The browser is the e2e tests' (STUDIO_E2E_CHROMIUM, default /usr/bin/chromium; Playwright's own
// browsers are never downloaded).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../tests/e2e/paths';
import { CHROMIUM_ARGS } from '../tests/e2e/studio-launcher';
import { ROOT } from './bundled-packages';

export const ICON_PATH = join(ROOT, 'build', 'icon.png');
export const ICON_SIZE = 1024;

/** Bar heights of the waveform, left to right, as fractions of the tallest. */
const BARS = [0.22, 0.42, 0.7, 0.5, 1, 0.78, 0.5, 0.86, 0.56, 0.34, 0.2];

/**
 * A rounded square on macOS's icon grid (824 px body centred in 1024, leaving room for the
 * shadow), a violet-to-teal gradient, and a white voice waveform.
 */
export function iconSvg(): string {
  const body = { x: 100, y: 100, size: 824, radius: 186 };
  const barWidth = 40;
  const gap = 26;
  const span = BARS.length * barWidth + (BARS.length - 1) * gap;
  const left = ICON_SIZE / 2 - span / 2;
  const tallest = 480;
  const bars = BARS.map((fraction, i) => {
    const height = Math.round(tallest * fraction);
    const x = left + i * (barWidth + gap);
    const y = ICON_SIZE / 2 - height / 2;
    return `<rect x="${x}" y="${y}" width="${barWidth}" height="${height}" rx="${barWidth / 2}" />`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${ICON_SIZE}" height="${ICON_SIZE}" viewBox="0 0 ${ICON_SIZE} ${ICON_SIZE}">
  <defs>
    <linearGradient id="body" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#6d4aff"/>
      <stop offset="0.55" stop-color="#4a5bf0"/>
      <stop offset="1" stop-color="#13b5c8"/>
    </linearGradient>
    <linearGradient id="sheen" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#ffffff" stop-opacity="0.22"/>
      <stop offset="0.5" stop-color="#ffffff" stop-opacity="0"/>
    </linearGradient>
    <filter id="shadow" x="-20%" y="-20%" width="140%" height="140%">
      <feDropShadow dx="0" dy="12" stdDeviation="14" flood-color="#000000" flood-opacity="0.3"/>
    </filter>
  </defs>
  <rect x="${body.x}" y="${body.y}" width="${body.size}" height="${body.size}" rx="${body.radius}" fill="url(#body)" filter="url(#shadow)"/>
  <rect x="${body.x}" y="${body.y}" width="${body.size}" height="${body.size}" rx="${body.radius}" fill="url(#sheen)"/>
  <g fill="#ffffff">${bars}</g>
</svg>`;
}

/** Renders the SVG at exactly ICON_SIZE×ICON_SIZE with a transparent background. */
export async function renderIcon(svg: string, outPath: string, executablePath: string): Promise<void> {
  const profile = await mkdtemp(join(tmpdir(), 'avs-icon-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: ICON_SIZE, height: ICON_SIZE },
    deviceScaleFactor: 1,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path: outPath, omitBackground: true });
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  await renderIcon(iconSvg(), ICON_PATH, CHROMIUM);
  console.log(`Wrote ${ICON_PATH}.`);
}
