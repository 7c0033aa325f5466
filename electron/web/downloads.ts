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
  /** The stored file behind a `/downloads/...` path, or null. */
  find(urlPath: string): DownloadFile | null;
  close(): Promise<void>;
}

const PREFIX = '/downloads/';

/** Creates the per-run download folder; `close` removes it (the browser has its own copy by then). */
export async function createDownloadStore(token: string): Promise<DownloadStore> {
  const root = await mkdtemp(join(tmpdir(), 'avs-downloads-'));
  const files = new Map<string, DownloadFile>();
  return {
    async deliver(fileName, bytes) {
      // An unguessable id per file: knowing one download's address reveals no other.
      const id = randomBytes(12).toString('hex');
      const safeName = safeFileName(fileName);
      await mkdir(join(root, id));
      const file = join(root, id, safeName);
      await writeFile(file, bytes);
      files.set(id, { file, fileName: safeName });
      return {
        path: null,
        downloadUrl: `${PREFIX}${id}/${encodeURIComponent(safeName)}?token=${encodeURIComponent(token)}`,
      };
    },
    find(urlPath) {
      if (!urlPath.startsWith(PREFIX)) return null;
      const id = urlPath.slice(PREFIX.length).split('/')[0] ?? '';
      return files.get(id) ?? null;
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
