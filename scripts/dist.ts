// `npm run dist`: builds the app, packages the installers for this platform with electron-builder
// (electron-builder.config.ts) into release/, then checks what it packaged (verify-package.ts).
// Arguments after `--` go to electron-builder, e.g. `npm run dist -- --mac --x64`.
//
// electron-builder downloads Electron's distribution for the target platform. Where that cannot
// happen (machines without internet access), this says so before building anything, instead of
// leaving electron-builder to fail with a network stack trace.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT } from './bundled-packages';

const DEFAULT_MIRROR = 'https://github.com/electron/electron/releases/download/';
const PROBE_TIMEOUT_MS = 10_000;

export interface ElectronTarget {
  version: string;
  platform: NodeJS.Platform;
  arch: string;
}

/** The zip electron-builder fetches for a target (@electron/get's naming). */
export const electronZipName = ({ version, platform, arch }: ElectronTarget) =>
  `electron-v${version}-${platform}-${arch}.zip`;

/** Where the zip is downloaded from, honouring @electron/get's mirror variables. */
export function electronZipUrl(target: ElectronTarget, env: NodeJS.ProcessEnv = process.env): string {
  const mirror = env.ELECTRON_MIRROR ?? env.npm_config_electron_mirror ?? DEFAULT_MIRROR;
  const dir = env.ELECTRON_CUSTOM_DIR ?? `v${target.version}`;
  return `${mirror.endsWith('/') ? mirror : `${mirror}/`}${dir}/${electronZipName(target)}`;
}

/** @electron/get's download cache (its env-paths location, or electron_config_cache). */
export function electronCacheRoot(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.electron_config_cache) return env.electron_config_cache;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'electron');
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), 'electron', 'Cache');
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'electron');
}

/** Whether a previous download left the zip in the cache (one folder per download URL). */
export function isElectronCached(target: ElectronTarget, cacheRoot: string): boolean {
  if (!existsSync(cacheRoot)) return false;
  const zip = electronZipName(target);
  return readdirSync(cacheRoot, { withFileTypes: true }).some(
    (entry) => entry.isDirectory() && existsSync(join(cacheRoot, entry.name, zip)),
  );
}

/**
 * Why electron-builder could not get Electron for `target`, or null when it can: the zip is in
 * the cache, or its download address answers.
 */
export async function electronUnavailable(
  target: ElectronTarget,
  env: NodeJS.ProcessEnv = process.env,
  fetchImpl: typeof fetch = fetch,
): Promise<string | null> {
  if (isElectronCached(target, electronCacheRoot(env))) return null;
  const url = electronZipUrl(target, env);
  try {
    // Any answer means the host is reachable: GitHub redirects release assets to storage URLs signed
    // for GET, which may refuse a HEAD (403) although the download itself works. Only a 404 says
    // this Electron build does not exist.
    const response = await fetchImpl(url, { method: 'HEAD', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    if (response.status !== 404) return null;
    return `${url} answered HTTP ${response.status}`;
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    return `${new URL(url).host} cannot be reached (${reason})`;
  }
}

/** The message `npm run dist` leaves with when Electron cannot be had. */
export function cannotPackageMessage(target: ElectronTarget, reason: string): string {
  return [
    `Cannot build installers on this machine: electron-builder needs Electron ${target.version} for ` +
      `${target.platform}-${target.arch} (${electronZipName(target)}), which is not in the download cache, ` +
      `and ${reason}.`,
    'The release workflow (.github/workflows/release.yml) builds the installers for Linux, macOS and Windows on',
    "GitHub's runners whenever a v* tag is pushed. To run the studio from source here, use `npm start`.",
  ].join('\n');
}

/**
 * Extra electron-builder arguments for this machine. Without a signing certificate (CSC_LINK or
 * CSC_NAME) a macOS app is signed ad hoc, without the hardened runtime (which ad-hoc signatures
 * cannot satisfy): it then runs on Apple silicon, and users confirm its first launch.
 */
export function signingArguments(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string[] {
  if (platform !== 'darwin' || env.CSC_LINK || env.CSC_NAME) return [];
  return ['-c.mac.identity=-', '-c.mac.hardenedRuntime=false'];
}

function run(script: string, args: string[]): void {
  const result = spawnSync(process.execPath, [script, ...args], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function main(): Promise<void> {
  const electronManifest = JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8'));
  const target = { version: electronManifest.version as string, platform: process.platform, arch: process.arch };
  const reason = await electronUnavailable(target);
  if (reason) {
    console.error(cannotPackageMessage(target, reason));
    process.exit(1);
  }
  const bin = (...parts: string[]) => join(ROOT, 'node_modules', ...parts);
  run(bin('electron-vite', 'bin', 'electron-vite.js'), ['build']);
  const signing = signingArguments(process.platform, process.env);
  if (signing.length) {
    console.log('No signing certificate (CSC_LINK or CSC_NAME): the macOS app is signed ad hoc and not notarised.');
  }
  run(bin('electron-builder', 'cli.js'), [
    '--config',
    'electron-builder.config.ts',
    '--publish',
    'never',
    ...signing,
    ...process.argv.slice(2),
  ]);
  run(bin('tsx', 'dist', 'cli.mjs'), [join('scripts', 'verify-package.ts')]);
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) await main();
