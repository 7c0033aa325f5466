import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root (this file lives in scripts/). */
export const ROOT = resolve(import.meta.dirname, '..');

/** Production dependencies only the command line needs (it runs TypeScript through tsx): the desktop app ships none of them. */
export const CLI_ONLY = ['tsx'];

/** Production dependencies Vite compiles into out/renderer: the app needs no copy of them in node_modules. */
export const RENDERER_ONLY = ['react', 'react-dom', 'wavesurfer.js', 'zustand'];

/** One installed package, as package-lock.json records it. */
export interface LockedPackage {
  name: string;
  version: string;
  license: string;
  /** Where it is installed, relative to the root: `node_modules/a` or `node_modules/a/node_modules/b`. */
  path: string;
  /** Installed on some operating systems or CPUs only (esbuild's native binaries, fsevents). */
  platformSpecific: boolean;
}

interface LockEntry {
  version?: string;
  license?: string;
  os?: string[];
  cpu?: string[];
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

interface Lockfile {
  packages: Record<string, LockEntry>;
}

export function readLockfile(root = ROOT): Lockfile {
  return JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Lockfile;
}

/** The package name an install path ends in (`node_modules/@scope/name` → `@scope/name`). */
function nameAt(path: string): string {
  const at = path.lastIndexOf('node_modules/');
  return path.slice(at + 'node_modules/'.length);
}

/** Where `name` resolves from the package installed at `from`: the nearest node_modules up the tree, as Node looks. */
function resolveInstall(lock: Lockfile, from: string, name: string): string | null {
  let base = from;
  for (;;) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (lock.packages[candidate]) return candidate;
    if (!base) return null;
    const up = base.lastIndexOf('/node_modules/');
    base = up === -1 ? '' : base.slice(0, up);
  }
}

/**
 * Every package reachable from `roots` (names the root package depends on): dependencies,
 * installed optional dependencies and required peers, each at the install path Node would load.
 * Optional peers are not followed (zustand's optional @types/react is no part of the app).
 */
export function dependencyClosure(lock: Lockfile, roots: readonly string[]): LockedPackage[] {
  const seen = new Map<string, LockedPackage>();
  const visit = (from: string, name: string, required: boolean) => {
    const path = resolveInstall(lock, from, name);
    if (!path) {
      if (required) throw new Error(`package-lock.json has no install of ${name} (needed from ${from || 'the root'}).`);
      return;
    }
    if (seen.has(path)) return;
    const entry = lock.packages[path]!;
    seen.set(path, {
      name: nameAt(path),
      version: entry.version ?? '',
      license: entry.license ?? '',
      path,
      platformSpecific: !!(entry.os || entry.cpu),
    });
    for (const dep of Object.keys(entry.dependencies ?? {})) visit(path, dep, true);
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) visit(path, dep, false);
    for (const dep of Object.keys(entry.peerDependencies ?? {})) {
      if (!entry.peerDependenciesMeta?.[dep]?.optional) visit(path, dep, true);
    }
  };
  for (const root of roots) visit('', root, true);
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name) || a.path.localeCompare(b.path));
}

/** The root package's production dependencies, by name. */
export function productionRoots(root = ROOT): string[] {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return Object.keys(manifest.dependencies ?? {});
}

const without = (names: readonly string[], drop: readonly string[]) => names.filter((name) => !drop.includes(name));

/** What the desktop app contains from npm: in its node_modules or compiled into its renderer. */
export function appPackages(lock = readLockfile(), roots = productionRoots()): LockedPackage[] {
  return dependencyClosure(lock, without(roots, CLI_ONLY));
}

/** What only the command line uses from a checkout (tsx and what it brings), beyond the app's packages. */
export function cliOnlyPackages(lock = readLockfile(), roots = productionRoots()): LockedPackage[] {
  const inApp = new Set(appPackages(lock, roots).map((pkg) => pkg.path));
  return dependencyClosure(lock, CLI_ONLY).filter((pkg) => !inApp.has(pkg.path));
}

/** What the main process loads from node_modules at run time: the only packages the app's node_modules keeps. */
export function mainProcessPackages(lock = readLockfile(), roots = productionRoots()): LockedPackage[] {
  return dependencyClosure(lock, without(roots, [...CLI_ONLY, ...RENDERER_ONLY]));
}

/**
 * The installed production packages the app must not carry in node_modules: the command line's
 * and those already compiled into the renderer. electron-builder copies every production
 * dependency unless a `files` pattern excludes it.
 */
export function packagesLeftOut(lock = readLockfile(), roots = productionRoots()): LockedPackage[] {
  const kept = new Set(mainProcessPackages(lock, roots).map((pkg) => pkg.path));
  return dependencyClosure(lock, roots).filter((pkg) => !kept.has(pkg.path));
}

/** The licence file a package ships (LICENSE, LICENCE, COPYING, with or without an extension). */
export function licenceFile(packageDir: string): string {
  const found = existsSync(packageDir)
    ? readdirSync(packageDir).find((file) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(file))
    : undefined;
  if (!found) throw new Error(`No licence file in ${packageDir}: add its text by hand or ask its authors.`);
  return join(packageDir, found);
}
