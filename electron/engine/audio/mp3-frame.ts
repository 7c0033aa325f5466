/**
 * MPEG-1/2/2.5 Layer III frame headers, and the Xing/Info frame with a LAME tag that LAME puts
 * first in a file: frame count, byte count, seek table, encoder delay and padding. Players need it
 * for the right duration of VBR files and for gapless playback; the WASM LAME does not write it.
 */
export interface Mp3FrameHeader {
  version: 1 | 2 | 2.5;
  bitRate: number;
  sampleRate: number;
  channels: 1 | 2;
  frameBytes: number;
  samplesPerFrame: 1152 | 576;
  sideInfoBytes: number;
}

const KBPS_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const KBPS_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES_V1 = [44100, 48000, 32000];

/** Parses the frame header at `offset`; null when there is no valid Layer III header there. */
export function parseFrameHeader(bytes: Uint8Array, offset: number): Mp3FrameHeader | null {
  if (offset + 4 > bytes.length || bytes[offset] !== 0xff) return null;
  const b1 = bytes[offset + 1]!;
  const b2 = bytes[offset + 2]!;
  const b3 = bytes[offset + 3]!;
  const versionBits = (b1 >> 3) & 3;
  const bitRateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  // Sync, a defined version, Layer III, neither free-format nor invalid bit rate, a defined rate.
  if ((b1 & 0xe0) !== 0xe0 || versionBits === 1 || ((b1 >> 1) & 3) !== 1) return null;
  if (bitRateIndex === 0 || bitRateIndex === 15 || rateIndex === 3) return null;
  const version = versionBits === 3 ? 1 : versionBits === 2 ? 2 : 2.5;
  const sampleRate = RATES_V1[rateIndex]! / (version === 1 ? 1 : version === 2 ? 2 : 4);
  const bitRate = (version === 1 ? KBPS_V1 : KBPS_V2)[bitRateIndex]! * 1000;
  const channels = b3 >> 6 === 3 ? 1 : 2;
  const samplesPerFrame = version === 1 ? 1152 : 576;
  return {
    version,
    bitRate,
    sampleRate,
    channels,
    samplesPerFrame,
    frameBytes: Math.floor(((samplesPerFrame / 8) * bitRate) / sampleRate) + ((b2 >> 1) & 1),
    sideInfoBytes: version === 1 ? (channels === 1 ? 17 : 32) : channels === 1 ? 9 : 17,
  };
}

/** Xing fields (tag id, flags, frames, bytes, 100-entry seek table, quality) then the 36-byte LAME tag. */
const XING_BYTES = 120;
const LAME_TAG_BYTES = 36;
/** LAME's own encoder delay (ENCDELAY), before the decoder's 529 samples. */
export const LAME_ENCODER_DELAY = 576;

export interface Mp3StreamInfo {
  /** Audio frames, the Info frame not counted. */
  frames: number;
  /** Bytes of the MPEG stream, Info frame included. */
  bytes: number;
  encoderDelay?: number;
  padding?: number;
}

/** Reads the Xing/Info header (and LAME tag, if any) from a frame that carries one. */
export function readInfoFrame(bytes: Uint8Array, offset: number, header: Mp3FrameHeader): Mp3StreamInfo | null {
  let at = offset + 4 + header.sideInfoBytes;
  const id = String.fromCharCode(...bytes.subarray(at, at + 4));
  if ((id !== 'Xing' && id !== 'Info') || at + 8 > bytes.length) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const flags = view.getUint32(at + 4);
  at += 8;
  const field = (flag: number, size: number): number | undefined => {
    if (!(flags & flag)) return undefined;
    at += size;
    return size === 4 && at <= bytes.length ? view.getUint32(at - 4) : undefined;
  };
  const frames = field(1, 4);
  const byteCount = field(2, 4);
  field(4, 100);
  field(8, 4);
  if (frames === undefined) return null;
  const info: Mp3StreamInfo = { frames, bytes: byteCount ?? 0 };
  if (
    at + LAME_TAG_BYTES <= bytes.length &&
    /^(LAME|Lavc|Lavf)/.test(String.fromCharCode(...bytes.subarray(at, at + 4)))
  ) {
    const d = at + 21;
    info.encoderDelay = (bytes[d]! << 4) | (bytes[d + 1]! >> 4);
    info.padding = ((bytes[d + 1]! & 0x0f) << 8) | bytes[d + 2]!;
  }
  return info;
}

/** CRC-16/ARC (polynomial 0x8005 reflected), the checksum of the LAME tag. */
const CRC16_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xa001 : c >>> 1;
    table[i] = c;
  }
  return table;
})();

function crc16(bytes: Uint8Array, crc = 0): number {
  for (let i = 0; i < bytes.length; i++) crc = CRC16_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return crc;
}

/**
 * The Info frame's header: the stream's first header with a bit rate whose frame holds the tag,
 * the stream's own for CBR (so that every frame of a CBR file has the same size), when it fits.
 */
function infoFrameHeader(firstFrame: Uint8Array, preferredBitRate: number): Uint8Array {
  const header = parseFrameHeader(firstFrame, 0)!;
  const needed = 4 + header.sideInfoBytes + XING_BYTES + LAME_TAG_BYTES;
  const table = header.version === 1 ? KBPS_V1 : KBPS_V2;
  let index = 1;
  while (
    index < table.length - 1 &&
    (table[index]! * 1000 < preferredBitRate ||
      Math.floor(((header.samplesPerFrame / 8) * table[index]! * 1000) / header.sampleRate) < needed)
  ) {
    index++;
  }
  const out = Uint8Array.from(firstFrame.subarray(0, 4));
  out[2] = (index << 4) | (out[2]! & 0x0c);
  return out;
}

/** The size of the Info frame that `writeInfoFrame` writes for a stream starting with `firstFrame`. */
export function infoFrameSize(firstFrame: Uint8Array, preferredBitRate: number): number {
  return parseFrameHeader(infoFrameHeader(firstFrame, preferredBitRate), 0)!.frameBytes;
}

/**
 * Writes an Info (CBR) or Xing (VBR) frame with a LAME tag into `out` at `offset`, describing the
 * audio frames in `audio` that hold `samples` input samples. The frame decodes as silence.
 */
export function writeInfoFrame(
  out: Uint8Array,
  offset: number,
  audio: Uint8Array,
  options: { samples: number; vbr: boolean; bitRate: number },
): void {
  const frameOffsets: number[] = [];
  let header: Mp3FrameHeader | null = null;
  for (let at = 0; at < audio.length;) {
    const h = parseFrameHeader(audio, at);
    if (!h) throw new Error(`MP3 stream broken at byte ${at}.`);
    header ??= h;
    frameOffsets.push(at);
    at += h.frameBytes;
  }
  if (!header) throw new Error('MP3 stream has no frames.');
  const frameHeader = infoFrameHeader(audio, options.vbr ? 0 : options.bitRate);
  const size = parseFrameHeader(frameHeader, 0)!.frameBytes;
  const frame = out.subarray(offset, offset + size);
  frame.fill(0);
  frame.set(frameHeader);
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  let at = 4 + header.sideInfoBytes;
  const ascii = (s: string) => {
    for (let i = 0; i < s.length; i++) frame[at++] = s.charCodeAt(i);
  };
  const u32 = (v: number) => {
    view.setUint32(at, v);
    at += 4;
  };
  const frames = frameOffsets.length;
  const streamBytes = size + audio.length;
  ascii(options.vbr ? 'Xing' : 'Info');
  u32(0x0f);
  u32(frames);
  u32(streamBytes);
  for (let i = 0; i < 100; i++) {
    const frameAt = frameOffsets[Math.min(frames - 1, Math.floor((i * frames) / 100))]!;
    frame[at++] = Math.min(255, Math.floor((256 * (size + frameAt)) / streamBytes));
  }
  u32(0);
  ascii('LAME3.100');
  frame[at++] = options.vbr ? 4 : 1; // tag revision 0, VBR method: 4 = vbr-mtrh (LAME's VBR default), 1 = CBR
  at += 1 + 4 + 2 + 2 + 1; // lowpass, peak, radio and audiophile gain, ATH flags: unknown, left 0
  frame[at++] = options.vbr ? 0 : Math.min(255, options.bitRate / 1000);
  const padding = frames * header.samplesPerFrame - LAME_ENCODER_DELAY - options.samples;
  if (padding < 0 || padding > 0xfff) throw new Error(`MP3 padding out of range: ${padding}.`);
  frame[at++] = LAME_ENCODER_DELAY >> 4;
  frame[at++] = ((LAME_ENCODER_DELAY & 0x0f) << 4) | (padding >> 8);
  frame[at++] = padding & 0xff;
  // Misc: source rate class in the top two bits (00 up to 32 kHz, 01 44.1, 10 48), mono = 0 elsewhere.
  frame[at++] = header.sampleRate === 44100 ? 0x40 : header.sampleRate === 48000 ? 0x80 : 0;
  at += 1 + 2; // MP3 gain, preset and surround
  u32(streamBytes);
  view.setUint16(at, crc16(audio));
  at += 2;
  view.setUint16(at, crc16(frame.subarray(0, at)));
}
