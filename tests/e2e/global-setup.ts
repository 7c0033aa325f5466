import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { ROOT, WEB_BUILD } from './paths';

/**
 * Builds the renderer for the web shell once per run, so every e2e test drives the code as it is
 * now. STUDIO_E2E_SKIP_BUILD=1 reuses an existing build (iterating on tests alone).
 */
export default async function setup(): Promise<void> {
  if (process.env.STUDIO_E2E_SKIP_BUILD === '1' && existsSync(join(WEB_BUILD, 'index.html'))) return;
  await build({ configFile: join(ROOT, 'vite.web.config.ts'), logLevel: 'warn' });
}
