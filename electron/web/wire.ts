import type { EventChannel, Result, StreamMessage } from '../../shared/ipc-contract';

/**
 * The web shell's WebSocket protocol, spoken by the engine (server.ts) and the browser
 * (client/socket-transport.ts). It carries the same contract as Electron's IPC.
 */
export type ClientMessage =
  | { type: 'invoke'; id: number; channel: string; payload: unknown }
  | { type: 'stream-open'; streamId: number; channel: string; request: unknown }
  | { type: 'stream-cancel'; streamId: number };

export type ServerMessage =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: EventChannel; payload: unknown }
  | { type: 'stream'; streamId: number; message: StreamMessage };

const VIEWS = {
  Uint8Array,
  Int8Array,
  Uint16Array,
  Int16Array,
  Uint32Array,
  Int32Array,
  Float32Array,
  Float64Array,
} as const;
type ViewKind = keyof typeof VIEWS;
type View = InstanceType<(typeof VIEWS)[ViewKind]>;

/** Marks where a typed array was lifted out of the JSON: [kind, byte offset in the data section, element count]. */
const PLACEHOLDER = '$bin';
const ALIGN = 8;
const align = (n: number) => Math.ceil(n / ALIGN) * ALIGN;

/** instanceof rather than the constructor's name, so that Node's Buffer counts as the Uint8Array it is. */
function viewKind(value: unknown): ViewKind | null {
  if (!ArrayBuffer.isView(value)) return null;
  return (Object.keys(VIEWS) as ViewKind[]).find((kind) => value instanceof VIEWS[kind]) ?? null;
}

/**
 * Encodes one message. Plain JSON becomes a text frame; a message holding typed arrays (audio
 * chunks, peaks, voice previews) becomes one binary frame: a 4-byte JSON length, the JSON with each
 * array replaced by a placeholder, then the arrays' bytes, each 8-byte aligned so that the receiver
 * can read them in place. No base64 and no Array.from, which would multiply the size.
 */
export function encodeMessage(message: unknown): string | Uint8Array<ArrayBuffer> {
  const blobs: View[] = [];
  let dataBytes = 0;
  // `this[key]` is the value before toJSON, which would turn a Buffer into an array of numbers.
  const json = JSON.stringify(message, function (this: Record<string, unknown>, key: string, value: unknown) {
    const raw = this[key];
    const kind = viewKind(raw);
    if (!kind) return value;
    const view = raw as View;
    const placeholder = { [PLACEHOLDER]: [kind, dataBytes, view.length] };
    blobs.push(view);
    dataBytes = align(dataBytes + view.byteLength);
    return placeholder;
  });
  if (blobs.length === 0) return json;
  const head = new TextEncoder().encode(json);
  const dataStart = align(4 + head.byteLength);
  const frame = new Uint8Array(dataStart + dataBytes);
  new DataView(frame.buffer).setUint32(0, head.byteLength, true);
  frame.set(head, 4);
  let offset = dataStart;
  for (const blob of blobs) {
    frame.set(new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength), offset);
    offset = align(offset + blob.byteLength);
  }
  return frame;
}

/** Decodes a frame made by `encodeMessage`; typed arrays come back as views over the frame's bytes. */
export function decodeMessage(frame: string | ArrayBuffer | Uint8Array): unknown {
  if (typeof frame === 'string') return JSON.parse(frame);
  const bytes = frame instanceof Uint8Array ? frame : new Uint8Array(frame);
  if (bytes.byteLength < 4) throw new Error('Binary frame too short.');
  const jsonLength = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  if (4 + jsonLength > bytes.byteLength) throw new Error('Binary frame header overruns the frame.');
  const json = new TextDecoder().decode(bytes.subarray(4, 4 + jsonLength));
  const data = bytes.subarray(align(4 + jsonLength));
  return JSON.parse(json, (_key, value: unknown) => revive(value, data));
}

function revive(value: unknown, data: Uint8Array): unknown {
  if (typeof value !== 'object' || value === null || !Object.hasOwn(value, PLACEHOLDER)) return value;
  const [kind, offset, length] = (value as Record<string, unknown>)[PLACEHOLDER] as [unknown, unknown, unknown];
  if (typeof kind !== 'string' || !Object.hasOwn(VIEWS, kind)) throw new Error('Unknown array kind in frame.');
  const View = VIEWS[kind as ViewKind];
  if (!Number.isInteger(offset) || !Number.isInteger(length) || (offset as number) < 0 || (length as number) < 0) {
    throw new Error('Bad array placeholder in frame.');
  }
  const start = offset as number;
  const byteLength = (length as number) * View.BYTES_PER_ELEMENT;
  if (start + byteLength > data.byteLength) throw new Error('Array placeholder overruns the frame.');
  const absolute = data.byteOffset + start;
  // Browsers hand over a fresh ArrayBuffer (aligned); Node may hand over a slice of a pooled one.
  if (absolute % View.BYTES_PER_ELEMENT === 0) return new View(data.buffer as ArrayBuffer, absolute, length as number);
  return new View(data.slice(start, start + byteLength).buffer, 0, length as number);
}
