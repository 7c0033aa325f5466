import { toInt16 } from './pcm-codec';

/** RIFF/WAVE reading and writing for mono or multi-channel PCM (16/24-bit integer, 32-bit float). */
export interface WavData {
  sampleRate: number;
  channels: number;
  /** Mono mix-down of all channels, in [-1, 1]. */
  pcm: Float32Array;
  /** Cue points with their `labl` labels, in file order (empty when the file has none). */
  cues: WavCuePoint[];
}

export type WavSampleFormat = 's16' | 's24' | 'f32';

export interface WavCuePoint {
  /** Position in samples. */
  sample: number;
  label: string;
}

/** Where a WAV file keeps its audio, without decoding it. */
export interface WavLayout {
  audioFormat: number;
  channels: number;
  sampleRate: number;
  bits: number;
  dataOffset: number;
  dataSize: number;
  cues: WavCuePoint[];
}

/** Reads a WAV file's chunk layout (format, data position, cues). Throws on anything that is not WAV. */
export function readWavLayout(bytes: Uint8Array): WavLayout {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.byteLength < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw new Error('Not a WAV file.');
  let offset = 12;
  let format: Omit<WavLayout, 'dataOffset' | 'dataSize' | 'cues'> | null = null;
  let data: { offset: number; size: number } | null = null;
  const cueSamples = new Map<number, number>();
  const labels = new Map<number, string>();
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
      data = { offset: body, size };
    } else if (id === 'cue ' && size >= 4) {
      const count = Math.min(view.getUint32(body, true), Math.floor((size - 4) / 24));
      // Each point: id, position, fccChunk, chunkStart, blockStart, sampleOffset.
      for (let i = 0; i < count; i++) {
        const at = body + 4 + i * 24;
        cueSamples.set(view.getUint32(at, true), view.getUint32(at + 20, true));
      }
    } else if (id === 'LIST' && size >= 4 && tag(body) === 'adtl') {
      readLabels(bytes, view, body + 4, body + size, labels);
    }
    offset = body + size + (size & 1);
  }
  if (!format || !data) throw new Error('WAV file has no audio data.');
  const cues = [...cueSamples].map(([id, sample]) => ({ sample, label: labels.get(id) ?? '' }));
  return { ...format, dataOffset: data.offset, dataSize: data.size, cues };
}

function readLabels(bytes: Uint8Array, view: DataView, from: number, to: number, into: Map<number, string>) {
  let at = from;
  while (at + 12 <= to) {
    const size = view.getUint32(at + 4, true);
    if (String.fromCharCode(...bytes.subarray(at, at + 4)) === 'labl') {
      const text = bytes.subarray(at + 12, Math.min(to, at + 8 + size));
      const end = text.indexOf(0);
      into.set(view.getUint32(at + 8, true), new TextDecoder().decode(end < 0 ? text : text.subarray(0, end)));
    }
    at += 8 + size + (size & 1);
  }
}

/** Parses a WAV file. Throws with a plain message on anything that is not PCM or float WAV. */
export function parseWav(bytes: Uint8Array): WavData {
  const layout = readWavLayout(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    sampleRate: layout.sampleRate,
    channels: layout.channels,
    pcm: readSamples(view, layout),
    cues: layout.cues,
  };
}

function readSamples(view: DataView, f: WavLayout): Float32Array {
  const bytesPer = f.bits / 8;
  const frames = Math.floor(f.dataSize / (bytesPer * f.channels));
  const out = new Float32Array(frames);
  const read = sampleReader(view, f.audioFormat, f.bits);
  for (let i = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < f.channels; c++) sum += read(f.dataOffset + (i * f.channels + c) * bytesPer);
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

/**
 * Writes a mono WAV file whose length is known in advance, chunk by chunk, straight into the
 * final buffer: a long export never holds its samples twice. Cue points (chapter markers) and
 * their labels follow the audio.
 */
export class WavWriter {
  private readonly out: Uint8Array;
  private readonly view: DataView;
  private readonly bytesPer: number;
  private readonly dataEnd: number;
  private offset = 44;

  constructor(
    private readonly totalSamples: number,
    sampleRate: number,
    private readonly options: { format?: WavSampleFormat; cues?: WavCuePoint[] } = {},
  ) {
    const format = options.format ?? 's16';
    this.bytesPer = format === 's16' ? 2 : format === 's24' ? 3 : 4;
    const dataSize = totalSamples * this.bytesPer;
    const cues = options.cues ?? [];
    const labels = cues.map((c) => new TextEncoder().encode(c.label + '\0'));
    const cueChunk = cues.length ? 12 + cues.length * 24 : 0;
    const listChunk = cues.length ? 12 + labels.reduce((n, l) => n + 12 + l.length + (l.length & 1), 0) : 0;
    this.dataEnd = 44 + dataSize;
    this.out = new Uint8Array(this.dataEnd + (dataSize & 1) + cueChunk + listChunk);
    this.view = new DataView(this.out.buffer);
    const w = this.fieldWriter(0);
    w.tag('RIFF');
    w.u32(this.out.length - 8);
    w.tag('WAVE');
    w.tag('fmt ');
    w.u32(16);
    w.u16(format === 'f32' ? 3 : 1);
    w.u16(1);
    w.u32(sampleRate);
    w.u32(sampleRate * this.bytesPer);
    w.u16(this.bytesPer);
    w.u16(this.bytesPer * 8);
    w.tag('data');
    w.u32(dataSize);
    if (cues.length) this.writeCues(this.dataEnd + (dataSize & 1), cues, labels, listChunk);
  }

  /** Appends samples (clipped to the integer formats' range). */
  push(pcm: Float32Array): void {
    if (this.offset + pcm.length * this.bytesPer > this.dataEnd) {
      throw new Error(`WavWriter: more than the ${this.totalSamples} samples declared.`);
    }
    const { out, view } = this;
    let o = this.offset;
    const format = this.options.format ?? 's16';
    // Integer formats use the reader's scale (2^(bits-1)), clamped: parse then write is lossless.
    for (let i = 0; i < pcm.length; i++) {
      const s = pcm[i]!;
      if (format === 'f32') view.setFloat32(o, s, true);
      else if (format === 's16') view.setInt16(o, toInt16(s), true);
      else {
        const v = Math.max(-8388608, Math.min(8388607, Math.round(s * 8388608)));
        out[o] = v & 0xff;
        out[o + 1] = (v >> 8) & 0xff;
        out[o + 2] = (v >> 16) & 0xff;
      }
      o += this.bytesPer;
    }
    this.offset = o;
  }

  /** Returns the file; throws if fewer samples were written than declared. */
  finish(): Uint8Array {
    if (this.offset !== this.dataEnd) {
      throw new Error(`WavWriter: ${(this.offset - 44) / this.bytesPer} of ${this.totalSamples} samples written.`);
    }
    return this.out;
  }

  private writeCues(at: number, cues: WavCuePoint[], labels: Uint8Array[], listChunk: number): void {
    const w = this.fieldWriter(at);
    w.tag('cue ');
    w.u32(4 + cues.length * 24);
    w.u32(cues.length);
    cues.forEach((cue, i) => {
      w.u32(i + 1);
      w.u32(cue.sample);
      w.tag('data');
      w.u32(0);
      w.u32(0);
      w.u32(cue.sample);
    });
    w.tag('LIST');
    w.u32(listChunk - 8);
    w.tag('adtl');
    labels.forEach((label, i) => {
      w.tag('labl');
      w.u32(4 + label.length);
      w.u32(i + 1);
      w.bytes(label);
    });
  }

  private fieldWriter(start: number) {
    const { out, view } = this;
    let o = start;
    return {
      tag(s: string) {
        for (let i = 0; i < 4; i++) out[o + i] = s.charCodeAt(i);
        o += 4;
      },
      u32(v: number) {
        view.setUint32(o, v, true);
        o += 4;
      },
      u16(v: number) {
        view.setUint16(o, v, true);
        o += 2;
      },
      bytes(b: Uint8Array) {
        out.set(b, o);
        o += b.length + (b.length & 1);
      },
    };
  }
}

/** Writes mono float PCM as a WAV file, optionally with cue points (chapter markers) and their labels. */
export function encodeWav(
  pcm: Float32Array,
  sampleRate: number,
  options: { format?: WavSampleFormat; cues?: WavCuePoint[] } = {},
): Uint8Array {
  const writer = new WavWriter(pcm.length, sampleRate, options);
  writer.push(pcm);
  return writer.finish();
}
