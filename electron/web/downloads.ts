import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface DownloadFile {
  file: string;
  fileName: string;
}

/** The web shell's export target: files wait in a per-run folder until the browser fetches them. */
export interface DownloadStore {
  /** Keeps the bytes and returns the tokenised address the browser downloads them from. */
  deliver(fileName: string, bytes: Uint8Array): Promise<{ path: null; downloadUrl: string }>;
  /** Offers a file the engine already wrote (a project export) where it is, without copying it. */
  offer(path: string, fileName: string): Promise<string>;
  /** The stored file behind a `/downloads/...` path, or null. */
  find(urlPath: string): DownloadFile | null;
  close(): Promise<void>;
}

export interface DownloadStoreOptions {
  /** How long an address stays valid; the browser fetches a download as soon as it is offered. */
  keepMs?: number;
  /** At most this many addresses at once; the oldest go first. */
  maxFiles?: number;
  now?: () => number;
}

interface Entry extends DownloadFile {
  at: number;
  /** Delivered bytes are ours to delete; an offered file belongs to the project it was exported into. */
  owned: boolean;
}

const PREFIX = '/downloads/';
const KEEP_MS = 30 * 60_000;
const MAX_FILES = 50;

/**
 * Creates the per-run download folder; `close` removes it (the browser has its own copy by then).
 * Addresses expire after `keepMs` or when more than `maxFiles` are kept, so a long session of
 * exports does not fill the disk: delivered copies are deleted then, offered files only forgotten.
 */
export async function createDownloadStore(token: string, options: DownloadStoreOptions = {}): Promise<DownloadStore> {
  const root = await mkdtemp(join(tmpdir(), 'avs-downloads-'));
  const keepMs = options.keepMs ?? KEEP_MS;
  const maxFiles = options.maxFiles ?? MAX_FILES;
  const now = options.now ?? Date.now;
  const files = new Map<string, Entry>();

  const expire = (id: string, entry: Entry) => {
    files.delete(id);
    if (entry.owned) void rm(join(root, id), { recursive: true, force: true });
  };
  const prune = () => {
    const oldest = now() - keepMs;
    // Insertion order is age order.
    for (const [id, entry] of files) if (entry.at <= oldest || files.size > maxFiles) expire(id, entry);
  };
  const register = (entry: Omit<Entry, 'at'>, id: string) => {
    files.set(id, { ...entry, at: now() });
    prune();
    return `${PREFIX}${id}/${encodeURIComponent(entry.fileName)}?token=${encodeURIComponent(token)}`;
  };
  // An unguessable id per file: knowing one download's address reveals no other.
  const newId = () => randomBytes(12).toString('hex');

  return {
    async deliver(fileName, bytes) {
      const id = newId();
      const safeName = safeFileName(fileName);
      await mkdir(join(root, id));
      const file = join(root, id, safeName);
      await writeFile(file, bytes);
      return { path: null, downloadUrl: register({ file, fileName: safeName, owned: true }, id) };
    },
    async offer(path, fileName) {
      return register({ file: path, fileName: safeFileName(fileName), owned: false }, newId());
    },
    find(urlPath) {
      if (!urlPath.startsWith(PREFIX)) return null;
      prune();
      const entry = files.get(urlPath.slice(PREFIX.length).split('/')[0] ?? '');
      return entry ? { file: entry.file, fileName: entry.fileName } : null;
    },
    async close() {
      files.clear();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Keeps a name a file system and a Content-Disposition header both accept. */
export function safeFileName(name: string): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_')
    .replace(/^\.+/, '')
    .trim();
  return cleaned.slice(0, 120) || 'export';
}

/** Content-Disposition for a download: an ASCII fallback plus the exact UTF-8 name (RFC 6266). */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
