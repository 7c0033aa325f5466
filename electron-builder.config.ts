// The installers: Linux AppImage and deb, macOS dmg (Apple silicon and Intel), Windows NSIS, all
// in release/. `npm run dist` (scripts/dist.ts) runs electron-builder with this file for the
// current platform; the release workflow runs it on each OS when a v* tag is pushed.
//
// TypeScript rather than YAML: `npm run typecheck` checks it against electron-builder's own types,
// and it takes the node_modules left out of the app from the same dependency walk that writes
// the About box's licence list (scripts/bundled-packages.ts), so the two cannot disagree.
import type { Configuration } from 'electron-builder';
import { packagesLeftOut } from './scripts/bundled-packages';

const config: Configuration = {
  // Keys the macOS preferences domain and the Windows install: never change it once released.
  appId: 'org.asyncvoicestudio.studio',
  productName: 'Async Voice Studio',
  copyright: 'Copyright © 2026 The Async Voice Studio authors',
  directories: { output: 'release', buildResources: 'build' },
  // One naming scheme on every platform, without the spaces of the product name (GitHub
  // release assets would turn them into dots).
  artifactName: '${name}-${version}-${os}-${arch}.${ext}',
  icon: 'build/icon.png',

  // Only the built app: electron-vite's output and package.json (whose "main" points into out/).
  // electron-builder adds the production dependencies' node_modules by itself; the command
  // line's (tsx, esbuild) and those Vite already compiled into out/renderer are left out, and so
  // are source maps and TypeScript sources, which nothing loads at run time. out/web is the web
  // shell's build, not the desktop app's.
  files: [
    'out/main/**',
    'out/preload/**',
    'out/renderer/**',
    'package.json',
    '!**/*.map',
    '!**/node_modules/**/*.{ts,mts,cts}',
    ...packagesLeftOut().map((pkg) => `!${pkg.path}{,/**}`),
  ],
  // Everything, the offline engine included, stays inside app.asar, so the asar integrity check
  // covers it (unpacked files are not checked). The engine needs nothing unpacked: its worker
  // (out/main/flite-worker.mjs + wasi-memfs.mjs, copied there by electron.vite.config.ts) starts
  // from an asar path, and the worker reads flite.wasm (and main the LAME/Vorbis .wasm files) with
  // fs, which Electron serves from the archive in worker threads too (electron#33216, since
  // Electron 18). Nothing is executed from disk: the engine is WebAssembly, not native code.
  asar: true,
  asarUnpack: [],
  // No native modules to rebuild (all audio code is WebAssembly), and .npmrc turns install
  // scripts off anyway.
  npmRebuild: false,

  // Fuses are bits in the Electron binary, flipped at packaging, that switch off ways to make the
  // shipped app run code other than its own (electron/fuses, Electron's "Security" tutorial).
  electronFuses: {
    // ELECTRON_RUN_AS_NODE would turn the signed app into a general-purpose Node.js. The app never
    // needs it: the offline engine runs in a worker thread, not a forked process.
    runAsNode: false,
    // NODE_OPTIONS / NODE_EXTRA_CA_CERTS would let the environment inject code or trust roots.
    enableNodeOptionsEnvironmentVariable: false,
    // --inspect flags (and SIGUSR1) would open a debugger into the main process, which holds the
    // API key. Playwright's _electron tests need it, so they run on the unpackaged build.
    enableNodeCliInspectArguments: false,
    // macOS and Windows check app.asar against the hash embedded at packaging (Linux has no
    // embedded hash to check: there the OS package manager guards the files).
    enableEmbeddedAsarIntegrityValidation: true,
    // Only app.asar is ever loaded: without it a planted resources/app folder would win.
    onlyLoadAppFromAsar: true,
    // Encrypts Chromium's cookie store with the OS keychain, like safeStorage does the key. The
    // app keeps no cookies of its own, so the one-way switch costs nothing and covers any a
    // future page sets.
    enableCookieEncryption: true,
    // The app ships no browser-process V8 snapshot of its own: keep Electron's default one.
    loadBrowserProcessSpecificV8Snapshot: false,
    // The renderer is served from app://, never file:// (electron/main/app-protocol.ts), so
    // file:// pages need none of their legacy extra powers.
    grantFileProtocolExtraPrivileges: false,
  },

  linux: {
    target: [
      { target: 'AppImage', arch: ['x64'] },
      { target: 'deb', arch: ['x64'] },
    ],
    category: 'AudioVideo',
    synopsis: 'Voice studio for the Async text-to-speech API',
    // The deb's Maintainer field: electron-builder would otherwise demand an e-mail in package.json.
    maintainer: 'The Async Voice Studio authors',
  },
  mac: {
    target: [{ target: 'dmg', arch: ['arm64', 'x64'] }],
    category: 'public.app-category.music',
    // Notarisation requires the hardened runtime; its exceptions are in the entitlements file.
    hardenedRuntime: true,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
  },
  win: {
    target: [{ target: 'nsis', arch: ['x64'] }],
  },
  nsis: {
    // A per-user install that asks where to go: no administrator rights needed.
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
  },
};

export default config;
