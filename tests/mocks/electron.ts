import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/**
 * The one mocked `electron` module for main-process unit tests (Electron Fiddle's
 * tests/mocks/electron.ts). vitest.config.ts aliases 'electron' to this file in the unit project,
 * so the code under test and the test share these objects; `resetElectronMock()` runs before each test.
 */

type Handler = (event: unknown, ...args: unknown[]) => unknown;

class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, Handler>();
  handle = vi.fn((channel: string, handler: Handler) => {
    this.handlers.set(channel, handler);
  });
}

export class FakeSession {
  permissionRequestHandler:
    ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
  setPermissionRequestHandler = vi.fn((handler: FakeSession['permissionRequestHandler']) => {
    this.permissionRequestHandler = handler;
  });
  setPermissionCheckHandler = vi.fn((handler: FakeSession['permissionCheckHandler']) => {
    this.permissionCheckHandler = handler;
  });
}

/** A web contents whose hooks tests can fire: `emitCancellable('will-navigate', url)` says whether it was prevented. */
export class FakeWebContents extends EventEmitter {
  readonly session = new FakeSession();
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null;
  url = '';
  send = vi.fn();
  setWindowOpenHandler = vi.fn((handler: FakeWebContents['windowOpenHandler']) => {
    this.windowOpenHandler = handler;
  });
  getURL = () => this.url;
  emitCancellable(name: string, ...args: unknown[]): boolean {
    let prevented = false;
    this.emit(name, { preventDefault: () => (prevented = true) }, ...args);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static windows: FakeBrowserWindow[] = [];
  static getAllWindows = () => FakeBrowserWindow.windows;
  readonly webContents = new FakeWebContents();
  minimized = false;
  maximized = false;
  constructor(readonly options: Record<string, unknown> = {}) {
    super();
    FakeBrowserWindow.windows.push(this);
  }
  isDestroyed = () => false;
  loadURL = vi.fn(async (url: string) => void (this.webContents.url = url));
  maximize = vi.fn(() => void (this.maximized = true));
  isMaximized = () => this.maximized;
  isMinimized = () => this.minimized;
  restore = vi.fn(() => void (this.minimized = false));
  show = vi.fn();
  focus = vi.fn();
  getNormalBounds = () => ({ x: 0, y: 0, width: 1280, height: 820 });
}

/** The MessagePortMain main receives from the renderer: records what is posted, fires 'close' on demand. */
export class FakeMessagePortMain extends EventEmitter {
  readonly posted: unknown[] = [];
  transfers: unknown[] = [];
  closed = false;
  start = vi.fn();
  postMessage = vi.fn((message: unknown, transfer?: unknown[]) => {
    this.posted.push(message);
    if (transfer) this.transfers.push(transfer);
  });
  close = vi.fn(() => {
    this.closed = true;
  });
  /** What happens when the renderer closes its end. */
  remoteClose(): void {
    this.emit('close');
  }
}

const encryption = { available: true, backend: 'gnome_libsecret' as string };

export const safeStorage = {
  isEncryptionAvailable: vi.fn(() => encryption.available),
  getSelectedStorageBackend: vi.fn(() => encryption.backend),
  // Reversible but not the identity, so a test can tell ciphertext from the key.
  encryptString: vi.fn((text: string) => Buffer.from(`sealed(${text})`).reverse()),
  decryptString: vi.fn((bytes: Buffer) => {
    const text = Buffer.from(bytes).reverse().toString();
    if (!text.startsWith('sealed('))
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return text.slice(7, -1);
  }),
};

class FakeApp extends EventEmitter {
  isPackaged = false;
  readonly paths = new Map<string, string>([['userData', '/tmp/avs-mock-user-data']]);
  getPath = vi.fn((name: string) => this.paths.get(name) ?? `/tmp/avs-mock-${name}`);
  setPath = vi.fn((name: string, value: string) => void this.paths.set(name, value));
  getVersion = vi.fn(() => '0.0.0-test');
  quit = vi.fn();
  exit = vi.fn();
  whenReady = vi.fn(() => Promise.resolve());
  requestSingleInstanceLock = vi.fn(() => true);
}

export const app = new FakeApp();
export const ipcMain = new FakeIpcMain();
export const shell = { openExternal: vi.fn(async (_url: string) => {}), showItemInFolder: vi.fn() };
export const dialog = { showSaveDialog: vi.fn(), showOpenDialog: vi.fn(), showErrorBox: vi.fn() };
export const protocol = { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() };
export const Menu = { buildFromTemplate: vi.fn((template: unknown) => ({ template })), setApplicationMenu: vi.fn() };
export const nativeTheme = { shouldUseDarkColors: false };
export const screen = { getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]) };
export const contextBridge = { exposeInMainWorld: vi.fn() };
export const ipcRenderer = { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn(), postMessage: vi.fn() };
export const BrowserWindow = FakeBrowserWindow;

/** Sets what safeStorage reports: whether encryption works and which Linux backend it picked. */
export function setEncryption(options: { available: boolean; backend?: string }): void {
  encryption.available = options.available;
  encryption.backend = options.backend ?? 'gnome_libsecret';
}

/** Fresh state for every test: no listeners or handlers, unpackaged, default encryption, no windows, cleared spies. */
export function resetElectronMock(): void {
  app.removeAllListeners();
  app.isPackaged = false;
  app.paths.clear();
  app.paths.set('userData', '/tmp/avs-mock-user-data');
  ipcMain.removeAllListeners();
  ipcMain.handlers.clear();
  setEncryption({ available: true });
  FakeBrowserWindow.windows = [];
  vi.clearAllMocks();
}

export default {
  app,
  ipcMain,
  safeStorage,
  shell,
  dialog,
  protocol,
  Menu,
  nativeTheme,
  screen,
  contextBridge,
  ipcRenderer,
  BrowserWindow,
};
