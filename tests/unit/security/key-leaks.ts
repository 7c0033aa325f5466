import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Any run of this many characters of a key counts as a leak: more than the four the UI may show. */
const PIECE = 8;

/**
 * The ways a key could show up in text or bytes read as latin1: as is, URL-encoded, base64
 * (standard and URL-safe), hex, and UTF-16 (how browsers store strings on disk).
 */
export function keyForms(key: string): Map<string, string> {
  const bytes = Buffer.from(key, 'utf8');
  return new Map([
    ['raw', key],
    ['URL-encoded', encodeURIComponent(key)],
    ['form-encoded', new URLSearchParams({ k: key }).toString().slice(2)],
    ['base64', bytes.toString('base64')],
    ['base64url', bytes.toString('base64url')],
    ['hex', bytes.toString('hex')],
    ['UTF-16', Buffer.from(key, 'utf16le').toString('latin1')],
  ]);
}

/**
 * Names the forms of `key` found in `text` (bytes should be passed as latin1); empty when there is
 * none. Without a whole form, any eight consecutive characters of the key (a truncated or split
 * copy) are reported too.
 */
export function findKey(text: string, key: string): string[] {
  const found = [...keyForms(key)].filter(([, form]) => text.includes(form)).map(([name]) => name);
  if (found.length) return found;
  for (let at = 0; at + PIECE <= key.length; at++) {
    if (text.includes(key.slice(at, at + PIECE))) return [`characters ${at}–${at + PIECE} of it`];
  }
  return [];
}

/**
 * Text for anything a page can receive: JSON, with typed arrays and ArrayBuffers spelled out as
 * latin1 so that a key hidden in binary data is found too.
 */
export function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  const bytesOf = (item: unknown) =>
    item instanceof ArrayBuffer
      ? Buffer.from(item)
      : ArrayBuffer.isView(item)
        ? Buffer.from(item.buffer, item.byteOffset, item.byteLength)
        : null;
  const direct = bytesOf(value);
  if (direct) return direct.toString('latin1');
  return (
    JSON.stringify(value, function (this: Record<string, unknown>, key: string, item: unknown) {
      const bytes = bytesOf(this[key]);
      return bytes ? bytes.toString('latin1') : typeof item === 'bigint' ? String(item) : item;
    }) ?? String(value)
  );
}

/** Every file under `dir` with its contents read as latin1 (so binary files are searched too). */
export async function filesUnder(dir: string): Promise<Array<{ path: string; text: string }>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  return Promise.all(files.map(async (path) => ({ path, text: (await readFile(path)).toString('latin1') })));
}
