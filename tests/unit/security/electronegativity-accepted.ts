/**
 * What the Electronegativity audit (electronegativity.test.ts) scans, which of its checks are not
 * run, and the findings accepted after review. Each accepted finding names the check, the file and
 * a piece of the flagged line, gives the reason here, and has a comment at the code starting
 * `Electronegativity <CHECK_ID> accepted:`; the test fails on any finding not listed here and on
 * any entry here that no longer occurs, so the list cannot rot.
 */

/**
 * The Electron-facing code, relative to the repository: main and preload (the only code that
 * imports electron: ESLint forbids it in the engine, CLI and web shell), the renderer (its
 * index.html carries the CSP) and package.json (Electron flags and version).
 */
export const SCANNED_PATHS = ['electron/main', 'electron/preload', 'renderer', 'package.json'] as const;

export interface ExcludedCheck {
  /** The check's class name, as electronegativity's `-x` takes it. */
  check: string;
  reason: string;
}

export const EXCLUDED_CHECKS: readonly ExcludedCheck[] = [
  {
    check: 'AvailableSecurityFixesGlobalCheck',
    reason:
      "It downloads Electron's release list from GitHub and compares it with today's releases, so its answer needs the network and changes from one day to the next; the test suite runs offline and must give the same answer for the same code.",
  },
  {
    check: 'ElectronVersionJSONCheck',
    reason:
      'Informational only: it reports the Electron version read from package.json, as input for AvailableSecurityFixesGlobalCheck above. The audit states the version itself (-e, from package.json).',
  },
];

export interface AcceptedFinding {
  /** The finding's id, e.g. OPEN_EXTERNAL_JS_CHECK. */
  check: string;
  /** Repository-relative path, forward slashes. */
  file: string;
  /** Text the flagged line contains (line numbers move with every edit; the code does not). */
  code: string;
  reason: string;
}

export const ACCEPTED_FINDINGS: readonly AcceptedFinding[] = [
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'electron/main/security.ts',
    code: 'shell.openExternal(checked)',
    reason:
      'The URL reaching shell.openExternal has passed checkExternalUrl (parsed http/https only, no credentials, no control characters or backslashes); javascript:, file:, UNC and data: inputs are refused in tests/unit/main/security.test.ts.',
  },
  {
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'electron/main/studio.ts',
    code: 'shell.openExternal(checked)',
    reason:
      "The engine's openExternal port goes through the same checked opener (openExternalUrl → checkExternalUrl) as window.open links.",
  },
  {
    check: 'AUXCLICK_JS_CHECK',
    file: 'electron/main/window.ts',
    code: 'new BrowserWindow(',
    reason:
      "A middle click can only try to open a new window, and every new window (window.open, target=_blank, middle click) goes through guardWebContents's setWindowOpenHandler, which denies it; navigation away is prevented on will-navigate/will-redirect.",
  },
  {
    check: 'PRELOAD_JS_CHECK',
    file: 'electron/main/window.ts',
    code: 'preload: PRELOAD',
    reason:
      'The preload is reviewed: one sandboxed bundle exposing only the typed contract API built from shared/ipc-contract.ts through contextBridge; it never hands the page ipcRenderer, an IPC event or a Node object.',
  },
  {
    check: 'CSP_GLOBAL_CHECK',
    file: 'electron/main/app-protocol.ts',
    code: "headers['Content-Security-Policy'] = csp",
    reason:
      'The check cannot parse a header whose value is a variable: the value is the CSP read from the built index.html at start (readCsp), which the CSP_GLOBAL_CHECK entry for renderer/index.html evaluates.',
  },
  {
    check: 'CSP_GLOBAL_CHECK',
    file: 'renderer/index.html',
    code: '<meta',
    reason:
      "The evaluator's only remark is script-src 'self' (a risk where the origin hosts JSONP or user uploads). The studio's origin serves its own built files only; the web shell's downloads are audio sent as attachments with nosniff, which a browser will not run as script.",
  },
];
