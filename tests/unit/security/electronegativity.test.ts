import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACCEPTED_FINDINGS, EXCLUDED_CHECKS, SCANNED_PATHS, type AcceptedFinding } from './electronegativity-accepted';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The part of electronegativity's programmatic result the audit reads (the package ships no types). */
interface Issue {
  id: string;
  file: string;
  location: { line: number; column: number };
  description: string;
  severity: { name: string };
  confidence: { name: string };
}
interface ScanResult {
  issues: Issue[];
  errors: Array<{ file: string; message: string; tolerable: boolean }>;
  atomicChecks: number;
  globalChecks: number;
}
type Run = (options: Record<string, unknown>) => Promise<ScanResult>;

/**
 * Loads the tool with its HTTP client failing at once: it fetches translations (with a 1 s timeout)
 * and Electron's release list from the internet, and the suite must run offline with the same
 * answer every time. Its release check is excluded anyway (EXCLUDED_CHECKS); the translations fall
 * back to the bundled English.
 */
function loadElectronegativity(): Run {
  const toolRequire = createRequire(join(ROOT, 'node_modules/@doyensec/electronegativity/package.json'));
  const gotPath = toolRequire.resolve('got');
  const offline = Object.assign(() => Promise.reject(new Error('The audit runs offline.')), {
    head: () => Promise.reject(new Error('The audit runs offline.')),
  });
  toolRequire.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline } as NodeJS.Module;
  const runner = toolRequire('./dist/runner.js') as Run | { default: Run };
  return typeof runner === 'function' ? runner : runner.default;
}

/** The Electron version the app is built with: package.json's range, as x.y.z. */
async function electronVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  const version = /\d+\.\d+\.\d+/.exec(pkg.devDependencies.electron ?? '')?.[0];
  if (!version) throw new Error('package.json names no Electron version.');
  return version;
}

/**
 * One folder holding exactly the scanned paths under their repository names (directories linked,
 * package.json copied), so one run sees main, preload and the renderer's CSP together, as its global
 * checks need, and reports repository-relative paths.
 */
async function scanFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'avs-electronegativity-'));
  for (const path of SCANNED_PATHS) {
    await mkdir(dirname(join(folder, path)), { recursive: true });
    if (path.endsWith('.json')) await copyFile(join(ROOT, path), join(folder, path));
    // 'junction' lets Windows link a folder without administrator rights; elsewhere it is ignored.
    else await symlink(join(ROOT, path), join(folder, path), 'junction');
  }
  return folder;
}

const sourceLines = new Map<string, string[]>();
async function linesOf(file: string): Promise<string[]> {
  if (!sourceLines.has(file)) sourceLines.set(file, (await readFile(join(ROOT, file), 'utf8')).split(/\r?\n/));
  return sourceLines.get(file)!;
}

const describeIssue = (issue: Issue, line: string | undefined) =>
  `${issue.id} ${issue.file}:${issue.location.line}:${issue.location.column} (${issue.severity.name}, ${issue.confidence.name}) ${issue.description}\n    ${line?.trim() ?? ''}`;

/** The comment block right above `lineNumber` (1-based): `//`, `/* … *\/` or `<!-- … -->` lines. */
function commentAbove(lines: string[], lineNumber: number): string {
  const block: string[] = [];
  for (let index = lineNumber - 2; index >= 0; index--) {
    const text = lines[index]!.trim();
    if (!/^(\/\/|\/\*|\*|<!--)/.test(text)) break;
    block.unshift(text);
  }
  return block.join(' ');
}

let folder: string;
let result: ScanResult;
let flagged: Array<{ issue: Issue; line: string | undefined }>;

beforeAll(async () => {
  folder = await scanFolder();
  const run = loadElectronegativity();
  // The tool says on stdout that it could not fetch translations: expected, and noise here.
  const quiet = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    result = await run({
      input: folder,
      isRelative: true,
      customScan: [],
      excludeFromScan: EXCLUDED_CHECKS.map((excluded) => excluded.check),
      electronVersionOverride: await electronVersion(),
      parserPlugins: [],
    });
  } finally {
    quiet.mockRestore();
  }
  flagged = await Promise.all(
    result.issues.map(async (issue) => {
      const file = issue.file.split('\\').join('/');
      const line = file === 'N/A' ? undefined : (await linesOf(file))[issue.location.line - 1];
      return { issue: { ...issue, file }, line };
    }),
  );
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

const matches = (accepted: AcceptedFinding, { issue, line }: { issue: Issue; line: string | undefined }) =>
  accepted.check === issue.id && accepted.file === issue.file && !!line?.includes(accepted.code);

describe('Electronegativity audit of the Electron code', () => {
  it('parses every scanned file and runs its checks', () => {
    expect(result.errors).toEqual([]);
    // The tool's 36 atomic checks (minus the excluded one) and its global ones ran.
    expect(result.atomicChecks).toBeGreaterThan(30);
    expect(result.globalChecks).toBeGreaterThan(3);
  });

  it('reports nothing beyond the accepted findings', () => {
    const unexplained = flagged.filter((finding) => !ACCEPTED_FINDINGS.some((accepted) => matches(accepted, finding)));
    expect(
      unexplained.map(({ issue, line }) => describeIssue(issue, line)),
      'New findings: fix them, or accept each in tests/unit/security/electronegativity-accepted.ts with a reason and a comment at the code',
    ).toEqual([]);
  });

  it('still reports every accepted finding (an entry that no longer occurs must be removed with its comment)', () => {
    const stale = ACCEPTED_FINDINGS.filter((accepted) => !flagged.some((finding) => matches(accepted, finding)));
    expect(stale.map((accepted) => `${accepted.check} ${accepted.file}: ${accepted.code}`)).toEqual([]);
  });

  it('has a reason for every accepted finding and exclusion, and a justification comment at the flagged code', async () => {
    for (const entry of [...ACCEPTED_FINDINGS, ...EXCLUDED_CHECKS]) {
      expect(entry.reason.length, JSON.stringify(entry)).toBeGreaterThan(40);
    }
    for (const { issue } of flagged) {
      const comment = commentAbove(await linesOf(issue.file), issue.location.line);
      expect(comment, `${issue.file}:${issue.location.line}`).toContain(`Electronegativity ${issue.id} accepted:`);
    }
  });

  it('is not silenced inside the code: no eng-disable annotations in the scanned files', async () => {
    const annotated: string[] = [];
    for (const path of SCANNED_PATHS) {
      const files = path.endsWith('.json')
        ? [path]
        : (await readdir(join(ROOT, path), { recursive: true, withFileTypes: true }))
            .filter((entry) => entry.isFile() && /\.(ts|tsx|js|html)$/.test(entry.name))
            .map((entry) => join(entry.parentPath, entry.name).slice(ROOT.length + 1));
      for (const file of files) {
        if ((await readFile(join(ROOT, file), 'utf8')).includes('eng-disable')) annotated.push(file);
      }
    }
    expect(annotated).toEqual([]);
  });
});
