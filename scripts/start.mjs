#!/usr/bin/env node
// `npm start`: opens the studio in Electron where Electron can run, and otherwise serves the same
// studio to a browser (the web shell), saying why. Arguments after `--` go to the web shell
// (e.g. `npm start -- --port 8080`).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const ELECTRON_DIR = join(ROOT, 'node_modules', 'electron');
const bin = (...parts) => join(ROOT, 'node_modules', ...parts);

/** The Electron executable the `electron` package installed, or null. */
function electronBinary() {
  const pathFile = join(ELECTRON_DIR, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(ELECTRON_DIR, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

/** Runs a Node script to completion with the output shown; returns its exit code. */
function runNode(args, options = {}) {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit', ...options });
  return result.status ?? 1;
}

/** Why Electron cannot start on this machine, or null when it can. */
function whyElectronCannotStart() {
  if (!existsSync(ELECTRON_DIR)) return 'the electron package is not installed (run `npm install`)';
  if (!electronBinary()) {
    console.log('The Electron binary is missing; trying to download it once…');
    const install = spawnSync(process.execPath, [join(ELECTRON_DIR, 'install.js')], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 180_000,
    });
    if (!electronBinary()) {
      const cause = `${install.stderr ?? ''}`.trim().split('\n')[0] || install.error?.message || 'no reason given';
      return `the Electron binary is not installed and could not be downloaded (${cause})`;
    }
  }
  if (process.platform === 'linux') {
    if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
      return 'there is no graphical display (DISPLAY and WAYLAND_DISPLAY are unset)';
    }
    // Chromium refuses to run as root unless its sandbox is switched off, which the studio will not do.
    if (process.getuid?.() === 0) return 'Electron will not run as root with its sandbox on';
  }
  return null;
}

/** Starts a child with the terminal attached and leaves with its exit code. */
function handOver(command, args) {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function startWebShell(reason) {
  console.log(`Electron cannot start here: ${reason}.`);
  console.log('Starting the web shell instead: open the address below in a browser on this computer.\n');
  if (runNode([bin('vite', 'bin', 'vite.js'), 'build', '-c', 'vite.web.config.ts', '--logLevel', 'warn']) !== 0) {
    console.error('Building the studio for the browser failed (see above).');
    process.exit(1);
  }
  handOver(process.execPath, ['--import', 'tsx', join(ROOT, 'electron', 'web', 'main.ts'), ...process.argv.slice(2)]);
}

function startElectron() {
  if (runNode([bin('electron-vite', 'bin', 'electron-vite.js'), 'build', '--logLevel', 'warn']) !== 0) {
    console.error('Building the studio failed (see above).');
    process.exit(1);
  }
  handOver(electronBinary(), [ROOT]);
}

const reason = whyElectronCannotStart();
if (reason) startWebShell(reason);
else startElectron();
