import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration } from 'electron-builder';
import { describe, expect, it } from 'vitest';
import config from '../../../electron-builder.config';
import { builderRequire } from '../../../scripts/builder-require';
import { packagesLeftOut, ROOT } from '../../../scripts/bundled-packages';

/** electron-builder's own configuration check, the one `npm run dist` runs (against app-builder-lib's scheme.json). */
const { validateConfiguration } = builderRequire()('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: Configuration, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
};
const validate = (candidate: Configuration) => validateConfiguration(candidate, { isEnabled: false, add() {} });

/** The targets of one platform as `target:arch,arch` strings. */
function targets(platform: Configuration['linux'] | Configuration['mac'] | Configuration['win']): string[] {
  const list = platform?.target;
  if (!Array.isArray(list)) throw new Error('targets must be listed with their architectures');
  return list.map((target) =>
    typeof target === 'string' ? target : `${target.target}:${[target.arch ?? []].flat().join(',')}`,
  );
}

describe('electron-builder configuration', () => {
  it("passes electron-builder's own schema check (app-builder-lib's scheme.json)", async () => {
    await expect(validate(config)).resolves.toBeUndefined();
  });

  it('is really checked: a misspelt fuse or a wrong type is refused', async () => {
    await expect(validate({ ...config, electronFuses: { runAsNod: false } as never })).rejects.toThrow(/electronFuses/);
    await expect(validate({ ...config, asar: 'yes' as never })).rejects.toThrow(/asar/);
  });

  it('builds AppImage and deb, dmg for Apple silicon and Intel, and an NSIS installer, into release/', () => {
    expect(targets(config.linux)).toEqual(['AppImage:x64', 'deb:x64']);
    expect(targets(config.mac)).toEqual(['dmg:arm64,x64']);
    expect(targets(config.win)).toEqual(['nsis:x64']);
    expect(config.directories?.output).toBe('release');
    expect(config.appId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/);
    expect(config.productName).toBe('Async Voice Studio');
  });

  it('packs the app into app.asar, nothing unpacked, no native rebuild', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toEqual([]);
    expect(config.npmRebuild).toBe(false);
  });

  it('sets every fuse for a release build', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the built app only (the engine worker included), without maps or the left-out packages', () => {
    const files = config.files as string[];
    expect(files).toEqual(expect.arrayContaining(['out/main/**', 'out/preload/**', 'out/renderer/**', 'package.json']));
    expect(files).toContain('!**/*.map');
    // Nothing from the sources, the tests or the web shell's build.
    expect(
      files.filter(
        (pattern) => !pattern.startsWith('!') && !/^(out\/(main|preload|renderer)\/\*\*|package\.json)$/.test(pattern),
      ),
    ).toEqual([]);
    for (const pkg of packagesLeftOut()) expect(files).toContain(`!${pkg.path}{,/**}`);
    // The main package's entry point is inside what is packed.
    const main = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string }).main;
    expect(main).toMatch(/^out\/main\//);
  });

  it('signs macOS builds with the hardened runtime and the entitlements file in build/', () => {
    expect(config.mac?.hardenedRuntime).toBe(true);
    for (const file of [config.mac?.entitlements, config.mac?.entitlementsInherit, config.icon]) {
      expect(file).toMatch(/^build\//);
      expect(existsSync(join(ROOT, file!)), file!).toBe(true);
    }
  });
});
