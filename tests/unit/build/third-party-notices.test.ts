import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appPackages,
  CLI_ONLY,
  dependencyClosure,
  mainProcessPackages,
  packagesLeftOut,
  RENDERER_ONLY,
  ROOT,
} from '../../../scripts/bundled-packages';
import {
  buildNotices,
  NOTICES_JSON,
  NOTICES_MARKDOWN,
  renderJson,
  renderMarkdown,
} from '../../../scripts/third-party-notices';
import { thirdPartyNotices } from '../../../renderer/lib/third-party-notices';

const STALE = 'is out of date with package-lock.json: run `npm run notices`';

describe('third-party notices', () => {
  const notices = buildNotices();

  it('the About box list and THIRD_PARTY_NOTICES.md are exactly what the dependency tree gives', () => {
    expect(readFileSync(NOTICES_JSON, 'utf8'), `${NOTICES_JSON} ${STALE}`).toBe(renderJson(notices));
    expect(readFileSync(NOTICES_MARKDOWN, 'utf8'), `THIRD_PARTY_NOTICES.md ${STALE}`).toBe(renderMarkdown(notices));
    expect(thirdPartyNotices).toEqual(notices);
  });

  it('names every package the app contains, and Electron, each with its version, licence and text', () => {
    const listed = notices.packages.map((pkg) => `${pkg.name}@${pkg.version}`);
    expect(listed[0]).toMatch(/^electron@\d+\.\d+\.\d+$/);
    expect(listed.slice(1)).toEqual(appPackages().map((pkg) => `${pkg.name}@${pkg.version}`));
    for (const pkg of notices.packages) {
      expect(pkg.license, pkg.name).toMatch(/^[A-Za-z0-9.+-]+$/);
      expect(pkg.role, pkg.name).not.toBe('');
      expect(pkg.text.length, pkg.name).toBeGreaterThan(200);
    }
    expect(notices.app).toMatchObject({ name: 'Async Voice Studio', license: 'MIT' });
    expect(notices.app.text).toMatch(/^MIT License/);
  });

  it('agrees with THIRD_PARTY_NOTICES.md line by line: each package with the same version and licence', () => {
    const markdown = readFileSync(NOTICES_MARKDOWN, 'utf8');
    for (const pkg of notices.packages)
      expect(markdown).toContain(`- **${pkg.name}** ${pkg.version} — ${pkg.license}:`);
    for (const name of CLI_ONLY) expect(markdown).toMatch(new RegExp(`\\*\\*${name}\\*\\* [\\d.]+ — MIT`));
  });

  it('keeps the command line’s packages out of the app, and the renderer’s out of its node_modules', () => {
    const inApp = appPackages().map((pkg) => pkg.name);
    for (const name of ['tsx', 'esbuild']) expect(inApp).not.toContain(name);
    const inNodeModules = mainProcessPackages().map((pkg) => pkg.name);
    for (const name of [...RENDERER_ONLY, 'scheduler']) expect(inNodeModules).not.toContain(name);
    const leftOut = packagesLeftOut().map((pkg) => pkg.name);
    expect(leftOut).toEqual(expect.arrayContaining(['tsx', 'esbuild', '@esbuild/linux-x64', ...RENDERER_ONLY]));
    expect(leftOut.filter((name) => inNodeModules.includes(name))).toEqual([]);
  });
});

/** Every package name the main process's code imports (bare specifiers; node: built-ins and electron aside). */
function mainProcessImports(): Set<string> {
  const names = new Set<string>();
  const scan = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) scan(path);
      else if (/\.(ts|mjs)$/.test(entry.name)) {
        const source = readFileSync(path, 'utf8');
        for (const match of source.matchAll(/(?:from|import\()\s*'([^'./][^']*)'/g)) {
          const specifier = match[1]!;
          const name = specifier.startsWith('@')
            ? specifier.split('/').slice(0, 2).join('/')
            : specifier.split('/')[0]!;
          if (!specifier.startsWith('node:') && !builtinModules.includes(name) && name !== 'electron') names.add(name);
        }
      }
    }
  };
  scan(join(ROOT, 'electron', 'main'));
  scan(join(ROOT, 'electron', 'engine'));
  return names;
}

describe('packages the main process loads', () => {
  it('are all in the app’s node_modules (none is renderer- or CLI-only)', () => {
    const shipped = new Set(mainProcessPackages().map((pkg) => pkg.name));
    const imported = [...mainProcessImports()];
    expect(imported.length).toBeGreaterThan(2);
    expect(imported.filter((name) => !shipped.has(name))).toEqual([]);
  });
});

describe('dependencyClosure', () => {
  const lock = {
    packages: {
      '': {},
      'node_modules/a': {
        version: '1.0.0',
        license: 'MIT',
        dependencies: { b: '^1' },
        optionalDependencies: { gone: '*' },
      },
      'node_modules/a/node_modules/b': {
        version: '1.5.0',
        license: 'ISC',
        peerDependencies: { c: '*', d: '*' },
        peerDependenciesMeta: { d: { optional: true } },
      },
      'node_modules/b': { version: '2.0.0', license: 'MIT' },
      'node_modules/c': { version: '3.0.0', license: 'MIT' },
      'node_modules/d': { version: '4.0.0', license: 'MIT' },
      'node_modules/@s/e': { version: '5.0.0', license: 'Apache-2.0', os: ['darwin'] },
    },
  };

  it('resolves each dependency at the nearest node_modules, as Node does', () => {
    const found = dependencyClosure(lock, ['a', '@s/e']).map((pkg) => `${pkg.path}@${pkg.version}`);
    // a's own b (1.5.0), not the top-level b; its required peer c, not its optional peer d; a's
    // optional dependency that was never installed is skipped.
    expect(found).toEqual([
      'node_modules/@s/e@5.0.0',
      'node_modules/a@1.0.0',
      'node_modules/a/node_modules/b@1.5.0',
      'node_modules/c@3.0.0',
    ]);
    expect(dependencyClosure(lock, ['@s/e'])[0]).toMatchObject({ name: '@s/e', platformSpecific: true });
  });

  it('refuses a lockfile missing a required package', () => {
    expect(() => dependencyClosure(lock, ['missing'])).toThrow(/no install of missing/);
  });
});
