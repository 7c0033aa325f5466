/** RIFF/WAVE reading and writing for mono or multi-channel PCM (16/24-bit integer, 32-bit float). */
export interface WavData {
  sampleRate: number;
  channels: number;
  /** Mono mix-down of all channels, in [-1, 1]. */
  pcm: Float32Array;
}

export type WavSampleFormat = 's16' | 's24' | 'f32';

export interface WavCuePoint {
  /** Position in samples. */
  sample: number;
  label: string;
}

/** Parses a WAV file. Throws with a plain message on anything that is not PCM or float WAV. */
export function parseWav(bytes: Uint8Array): WavData {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('Not a WAV file.');
  let offset = 12;
  let format: { audioFormat: number; channels: number; sampleRate: number; bits: number } | null = null;
  while (offset + 8 <= bytes.byteLength) {
    const id = tag(offset);
    // Streaming writers (flite among them) leave the data size at 0 or 0xFFFFFFFF: read to the end then.
    let size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'data' && (size === 0 || size === 0xffffffff || body + size > bytes.byteLength)) {
      size = bytes.byteLength - body;
    }
    if (id === 'fmt ') {
      let audioFormat = view.getUint16(body, true);
      if (audioFormat === 0xfffe && size >= 26) audioFormat = view.getUint16(body + 24, true);
      format = {
        audioFormat,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!format) throw new Error('WAV data comes before its format chunk.');
      return { sampleRate: format.sampleRate, channels: format.channels, pcm: readSamples(view, body, size, format) };
    }
    offset = body + size + (size & 1);
  }
  throw new Error('WAV file has no audio data.');
}

function readSamples(
  view: DataView,
  start: number,
  size: number,
  f: { audioFormat: number; channels: number; bits: number },
): Float32Array {
  const bytesPer = f.bits / 8;
  const frames = Math.floor(size / (bytesPer * f.channels));
  const out = new Float32Array(frames);
  const read = sampleReader(view, f.audioFormat, f.bits);
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < f.channels; c++) sum += read(start + (i * f.channels + c) * bytesPer);
    out[i] = sum / f.channels;
  }
  return out;
}

function sampleReader(view: DataView, audioFormat: number, bits: number): (at: number) => number {
  if (audioFormat === 3 && bits === 32) return (at) => view.getFloat32(at, true);
  if (audioFormat === 1 && bits === 16) return (at) => view.getInt16(at, true) / 32768;
  if (audioFormat === 1 && bits === 24) {
    return (at) =>
      ((view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16)) as number) / 8388608;
  }
  if (audioFormat === 1 && bits === 8) return (at) => (view.getUint8(at) - 128) / 128;
  throw new Error(`Unsupported WAV encoding (format ${audioFormat}, ${bits}-bit).`);
}

/** Writes mono float PCM as a WAV file, optionally with cue points (chapter markers) and their labels. */
export function encodeWav(
  pcm: Float32Array,
  sampleRate: number,
  options: { format?: WavSampleFormat; cues?: WavCuePoint[] } = {},
): Uint8Array {
  const format = options.format ?? 's16';
  const bytesPer = format === 's16' ? 2 : format === 's24' ? 3 : 4;
  const dataSize = pcm.length * bytesPer;
  const cues = options.cues ?? [];
  const cueChunk = cues.length ? 12 + cues.length * 24 : 0;
  const labels = cues.map((c) => new TextEncoder().encode(c.label + '\0'));
  const listChunk = cues.length ? 12 + labels.reduce((n, l) => n + 12 + l.length + (l.length & 1), 0) : 0;
  const total = 12 + 24 + 8 + dataSize + (dataSize & 1) + cueChunk + listChunk;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let o = 0;
  const tag = (s: string) => {
    for (let i = 0; i < 4; i++) out[o + i] = s.charCodeAt(i);
    o += 4;
  };
  const u32 = (v: number) => {
    view.setUint32(o, v, true);
    o += 4;
  };
  const u16 = (v: number) => {
    view.setUint16(o, v, true);
    o += 2;
  };
  tag('RIFF');
  u32(total - 8);
  tag('WAVE');
  tag('fmt ');
  u32(16);
  u16(format === 'f32' ? 3 : 1);
  u16(1);
  u32(sampleRate);
  u32(sampleRate * bytesPer);
  u16(bytesPer);
  u16(bytesPer * 8);
  tag('data');
  u32(dataSize);
  for (let i = 0; i < pcm.length; i++) {
    const s = Math.max(-1, Math.min(1, pcm[i]!));
    if (format === 'f32') view.setFloat32(o, pcm[i]!, true);
    else if (format === 's16') view.setInt16(o, Math.round(s < 0 ? s * 32768 : s * 32767), true);
    else {
      const v = Math.round(s < 0 ? s * 8388608 : s * 8388607);
      out[o] = v & 0xff;
      out[o + 1] = (v >> 8) & 0xff;
      out[o + 2] = (v >> 16) & 0xff;
    }
    o += bytesPer;
  }
  if (dataSize & 1) o++;
  if (cues.length) {
    tag('cue ');
    u32(4 + cues.length * 24);
    u32(cues.length);
    cues.forEach((cue, i) => {
      u32(i + 1);
      u32(cue.sample);
      tag('data');
      u32(0);
      u32(0);
      u32(cue.sample);
    });
    tag('LIST');
    u32(listChunk - 8);
    tag('adtl');
    labels.forEach((label, i) => {
      tag('labl');
      u32(4 + label.length);
      u32(i + 1);
      out.set(label, o);
      o += label.length + (label.length & 1);
    });
  }
  return out;
}
