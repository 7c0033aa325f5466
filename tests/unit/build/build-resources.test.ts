import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import config from '../../../electron-builder.config';
import { builderRequire } from '../../../scripts/builder-require';
import { ROOT } from '../../../scripts/bundled-packages';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** CRC-32 as PNG chunks carry it (ISO 3309). */
function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

interface Png {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  /** The alpha of pixel (x, y), for 8-bit RGBA images. */
  alpha(x: number, y: number): number;
}

/** Reads a PNG's chunks (checking each CRC) and undoes the scanline filters of an 8-bit RGBA image. */
function readPng(file: Buffer): Png {
  expect(file.subarray(0, 8).equals(PNG_SIGNATURE), 'PNG signature').toBe(true);
  const chunks: Array<{ type: string; data: Buffer }> = [];
  for (let at = 8; at < file.length;) {
    const length = file.readUInt32BE(at);
    const typeAndData = file.subarray(at + 4, at + 8 + length);
    expect(crc32(typeAndData), 'chunk CRC').toBe(file.readUInt32BE(at + 8 + length));
    chunks.push({ type: typeAndData.subarray(0, 4).toString('latin1'), data: typeAndData.subarray(4) });
    at += 12 + length;
  }
  expect(chunks[0]?.type).toBe('IHDR');
  expect(chunks.at(-1)?.type).toBe('IEND');
  const header = chunks[0]!.data;
  const [width, height] = [header.readUInt32BE(0), header.readUInt32BE(4)];
  const [bitDepth, colourType, interlace] = [header[8]!, header[9]!, header[12]!];
  const raw = inflateSync(Buffer.concat(chunks.filter((chunk) => chunk.type === 'IDAT').map((chunk) => chunk.data)));
  const stride = width * 4;
  const rows: Uint8Array[] = [];
  let previous = new Uint8Array(stride);
  for (let y = 0; y < height && colourType === 6 && bitDepth === 8 && interlace === 0; y++) {
    const filter = raw[y * (stride + 1)]!;
    const row = Uint8Array.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let x = 0; x < stride; x++) {
      const left = x >= 4 ? row[x - 4]! : 0;
      const up = previous[x]!;
      const upLeft = x >= 4 ? previous[x - 4]! : 0;
      const paeth = () => {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      };
      const predictor = [0, left, up, (left + up) >> 1, filter === 4 ? paeth() : 0][filter]!;
      row[x] = (row[x]! + predictor) & 0xff;
    }
    rows.push(row);
    previous = row;
  }
  return { width, height, bitDepth, colourType, alpha: (x, y) => rows[y]![x * 4 + 3]! };
}

describe('app icon (build/icon.png)', () => {
  const icon = readPng(readFileSync(join(ROOT, config.icon!)));

  it('is a 1024×1024 8-bit RGBA PNG, the size electron-builder needs for every platform', () => {
    expect(icon).toMatchObject({ width: 1024, height: 1024, bitDepth: 8, colourType: 6 });
  });

  it('has the rounded-square shape: transparent corners, opaque body', () => {
    for (const [x, y] of [
      [4, 4],
      [1019, 4],
      [4, 1019],
      [1019, 1019],
      [120, 120],
    ] as const) {
      expect(icon.alpha(x, y), `corner pixel ${x},${y}`).toBe(0);
    }
    for (const [x, y] of [
      [512, 512],
      [200, 512],
      [512, 150],
    ] as const) {
      expect(icon.alpha(x, y), `body pixel ${x},${y}`).toBe(255);
    }
  });
});

describe('macOS entitlements (build/entitlements.mac.plist)', () => {
  const path = join(ROOT, config.mac!.entitlements!);
  const text = readFileSync(path, 'utf8');
  // The plist parser electron-builder and @electron/osx-sign use, and the XML parser under it
  // made strict (on its own it recovers from broken markup, which codesign would not).
  const plist = builderRequire()('plist') as { parse(xml: string): unknown };
  const { DOMParser } = builderRequire('plist')('@xmldom/xmldom') as {
    DOMParser: new (options: object) => {
      parseFromString(xml: string, type: string): { documentElement: { nodeName: string } };
    };
  };
  const fail = (message: string) => {
    throw new Error(message);
  };
  const parseStrictly = (xml: string) => {
    const root = new DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } }).parseFromString(
      xml,
      'text/xml',
    ).documentElement;
    expect(root.nodeName).toBe('plist');
    return plist.parse(xml);
  };

  it('is a well-formed property list granting only the JIT exception Electron needs', () => {
    expect(parseStrictly(text)).toEqual({ 'com.apple.security.cs.allow-jit': true });
  });

  it('justifies each key in a comment right above it', () => {
    const lines = text.split('\n').map((line) => line.trim());
    const keys = lines.flatMap((line, i) => (line.startsWith('<key>') ? [i] : []));
    expect(keys.length).toBeGreaterThan(0);
    for (const i of keys) expect(lines[i - 1], lines[i]).toMatch(/^<!--.{20,}-->$/);
  });

  it('is refused when broken, so the check above can fail', () => {
    expect(() => parseStrictly(text.replace('</dict>', ''))).toThrow();
    expect(() => parseStrictly(text.replace('<true/>', '<true>'))).toThrow();
  });
});
