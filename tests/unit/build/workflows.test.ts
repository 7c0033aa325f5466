import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../../scripts/bundled-packages';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  shell?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  'runs-on': string;
  needs?: string | string[];
  strategy?: { matrix?: { os?: string[] } };
  env?: Record<string, string>;
  permissions?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, { tags?: string[]; branches?: string[] } | null>;
  permissions?: Record<string, string>;
  jobs: Record<string, Job>;
}

const readWorkflow = (name: string) => load(readFileSync(join(ROOT, '.github', 'workflows', name), 'utf8')) as Workflow;

/** The commands the README's first shell block gives, by the word its comment starts with. */
function readmeCommands(): Record<string, string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const block = /```sh\n([\s\S]*?)```/.exec(readme)![1]!;
  const commands: Record<string, string> = {};
  for (const line of block.trim().split('\n')) {
    const [command, comment] = line.split('#').map((part) => part.trim());
    commands[comment!.split(/[\s(,]/)[0]!] = command!;
  }
  return commands;
}

/** Index of the first step whose `run` contains `text` (with its condition, if any), or -1. */
const stepIndex = (steps: Step[], text: string, condition?: string) =>
  steps.findIndex((step) => step.run?.includes(text) && (condition === undefined || step.if === condition));

const THREE_OSES = ['ubuntu-latest', 'macos-latest', 'windows-latest'];

describe('.github/workflows/ci.yml', () => {
  const ci = readWorkflow('ci.yml');
  const job = ci.jobs.test!;
  const steps = job.steps;

  it('runs on every push and pull request, on Ubuntu, macOS and Windows, with npm cached', () => {
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    expect(job.strategy?.matrix?.os).toEqual(THREE_OSES);
    expect(job['runs-on']).toBe('${{ matrix.os }}');
    const setupNode = steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(setupNode?.with).toMatchObject({ cache: 'npm' });
    expect(ci.permissions).toEqual({ contents: 'read' });
  });

  it("runs the README's set-up and test commands, Electron's binary fetched in between", () => {
    const readme = readmeCommands();
    expect(readme.set).toBe('npm ci');
    expect(readme.typecheck).toBe('npm test');
    const setUp = steps.findIndex((step) => step.run === readme.set);
    const electron = stepIndex(steps, 'node node_modules/electron/install.js');
    const linuxTest = stepIndex(steps, `xvfb-run -a ${readme.typecheck}`, "runner.os == 'Linux'");
    const otherTest = steps.findIndex(
      (step) => step.if === "runner.os != 'Linux'" && step.run?.split('\n')[0]?.startsWith(`${readme.typecheck} `),
    );
    expect(setUp).toBeGreaterThanOrEqual(0);
    expect(electron).toBeGreaterThan(setUp);
    expect(linuxTest).toBeGreaterThan(electron);
    expect(otherTest).toBeGreaterThan(electron);
  });

  it('fails when the _electron test skips itself instead of running', () => {
    for (const step of steps.filter((candidate) => candidate.run?.includes('npm test'))) {
      expect(step.shell, step.name).toBe('bash'); // bash -eo pipefail: the tee keeps npm's exit code
      expect(step.run).toMatch(/! grep -q "Electron smoke test skipped"/);
    }
    const smoke = readFileSync(join(ROOT, 'tests', 'e2e', 'electron-smoke.e2e.ts'), 'utf8');
    expect(smoke).toContain("from 'playwright-core'");
    expect(smoke).toContain('_electron.launch');
    expect(smoke).toContain('Electron smoke test skipped');
  });

  it('on Ubuntu, packages the app and drives the packaged app.asar with the _electron test under xvfb', () => {
    const linux = "runner.os == 'Linux'";
    const packageStep = stepIndex(steps, 'npm run dist -- --linux dir', linux);
    const drive = stepIndex(steps, 'xvfb-run -a npx vitest run --project e2e tests/e2e/electron-smoke.e2e.ts', linux);
    expect(packageStep).toBeGreaterThan(stepIndex(steps, 'xvfb-run -a npm test', linux));
    expect(drive).toBeGreaterThan(packageStep);
    expect(steps[drive]!.env?.STUDIO_E2E_ELECTRON_APP).toMatch(/release\/linux-unpacked\/resources\/app\.asar$/);
    expect(steps[drive]!.run).toContain('grep -q "tests: 1 passed, 0 failed, 0 skipped"');
    // Then the packaged binary itself, fuses on, must start and stay up.
    const launch = stepIndex(steps, 'xvfb-run -a timeout 20 release/linux-unpacked/async-voice-studio', linux);
    expect(launch).toBeGreaterThan(drive);
    expect(steps[launch]!.run).toContain('-eq 124');
  });

  it("checks the entitlements with Apple's plutil on macOS", () => {
    expect(stepIndex(steps, 'plutil -lint build/entitlements.mac.plist', "runner.os == 'macOS'")).toBeGreaterThan(-1);
  });
});

describe('.github/workflows/release.yml', () => {
  const release = readWorkflow('release.yml');
  const build = release.jobs.installers!;
  const publish = release.jobs.publish!;

  it('runs only for v* tags', () => {
    expect(release.on).toEqual({ push: { tags: ['v*'] } });
  });

  it('builds with npm run dist on Ubuntu, macOS and Windows and uploads every installer kind', () => {
    expect(build.strategy?.matrix?.os).toEqual(THREE_OSES);
    expect(build.steps.some((step) => step.run === 'npm ci')).toBe(true);
    const dist = build.steps.findIndex((step) => step.run === 'npm run dist');
    // Install scripts are off, so the Electron binary must be fetched before packaging.
    const electron = build.steps.findIndex((step) => step.run === 'node node_modules/electron/install.js');
    expect(electron).toBeGreaterThan(build.steps.findIndex((step) => step.run === 'npm ci'));
    expect(dist).toBeGreaterThan(electron);
    const upload = build.steps.findIndex((step) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(dist).toBeGreaterThan(-1);
    expect(upload).toBeGreaterThan(dist);
    const paths = String(build.steps[upload]!.with?.path).trim().split('\n');
    expect(paths).toEqual(['release/*.AppImage', 'release/*.deb', 'release/*.dmg', 'release/*.exe']);
    expect(build.steps[upload]!.with?.['if-no-files-found']).toBe('error');
  });

  it('attaches them to the GitHub release once every OS has built', () => {
    expect(publish.needs).toBe('installers');
    expect(publish.permissions).toEqual({ contents: 'write' });
    expect(release.permissions).toEqual({ contents: 'read' });
    const download = publish.steps.find((step) => step.uses?.startsWith('actions/download-artifact@'));
    expect(download?.with).toMatchObject({ pattern: 'installers-*', path: 'installers', 'merge-multiple': true });
    const attach = publish.steps.find((step) => step.run?.includes('gh release upload'));
    expect(attach?.run).toContain('gh release upload "$TAG" installers/* --clobber');
    expect(attach?.env).toMatchObject({ GH_TOKEN: '${{ github.token }}', TAG: '${{ github.ref_name }}' });
  });

  it('signs and notarises only when the secrets exist, so a missing secret never fails the release', () => {
    const text = readFileSync(join(ROOT, '.github', 'workflows', 'release.yml'), 'utf8');
    // `secrets` cannot be read in `if:`; presence flags are computed at job level instead.
    for (const step of build.steps) expect(step.if ?? '').not.toContain('secrets.');
    expect(build.env).toMatchObject({
      HAS_MAC_CERTIFICATE: "${{ secrets.MAC_CERTIFICATE != '' }}",
      HAS_WIN_CERTIFICATE: "${{ secrets.WIN_CERTIFICATE != '' }}",
    });
    const secretSteps = build.steps.filter((step) => JSON.stringify(step.env ?? {}).includes('secrets.'));
    expect(secretSteps.length).toBe(3);
    for (const step of secretSteps) expect(step.if).toMatch(/env\.HAS_(MAC|WIN)_CERTIFICATE == 'true'/);
    // Secrets reach the shell through env, never pasted into the script.
    for (const step of build.steps) expect(step.run ?? '').not.toContain('${{ secrets.');
    expect(text).not.toMatch(/CSC_LINK: \$\{\{ secrets/);
  });

  it('refuses a tag that does not name package.json’s version', () => {
    const check = build.steps.findIndex((step) => step.run?.includes('$GITHUB_REF_NAME" != "v$version"'));
    expect(check).toBeGreaterThan(-1);
    expect(check).toBeLessThan(build.steps.findIndex((step) => step.run === 'npm run dist'));
  });
});
