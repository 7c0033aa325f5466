/**
 * Format, rate, channels and duration of a WAV, MP3 or Ogg Vorbis file, read from its headers
 * without decoding: how tests and users check that an export has the length it should.
 */
import type { ExportFormat } from '../../../shared/audio-format';
import { id3v2Length } from './id3-chapters';
import { parseFrameHeader, readInfoFrame, type Mp3FrameHeader } from './mp3-frame';
import { readWavLayout } from './wav';

export interface AudioProbe {
  format: ExportFormat;
  sampleRate: number;
  channels: number;
  durationSeconds: number;
}

const ascii = (bytes: Uint8Array, at: number, length: number) =>
  String.fromCharCode(...bytes.subarray(at, at + length));

/** Identifies and measures an audio file; throws on anything it cannot read. */
export function probeAudio(bytes: Uint8Array): AudioProbe {
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE') return probeWav(bytes);
  if (ascii(bytes, 0, 4) === 'OggS') return probeOgg(bytes);
  if (id3v2Length(bytes) > 0 || parseFrameHeader(bytes, 0)) return probeMp3(bytes);
  throw new Error('Not a WAV, MP3 or Ogg file.');
}

function probeWav(bytes: Uint8Array): AudioProbe {
  const wav = readWavLayout(bytes);
  const frames = Math.floor(wav.dataSize / ((wav.bits / 8) * wav.channels));
  return {
    format: 'wav',
    sampleRate: wav.sampleRate,
    channels: wav.channels,
    durationSeconds: frames / wav.sampleRate,
  };
}

/** Two headers in a row: a lone 0xFFE sync pattern inside a tag or junk is not a frame. */
function isFrameStart(bytes: Uint8Array, at: number): Mp3FrameHeader | null {
  const header = parseFrameHeader(bytes, at);
  if (!header) return null;
  const next = at + header.frameBytes;
  return next >= bytes.length || parseFrameHeader(bytes, next) ? header : null;
}

/**
 * MP3: the Xing/Info header's frame count, less the LAME tag's encoder delay and padding when
 * present; otherwise every frame counted (then the duration includes the encoder's delay).
 */
function probeMp3(bytes: Uint8Array): AudioProbe {
  let at = 0;
  for (let tag = id3v2Length(bytes, at); tag > 0; tag = id3v2Length(bytes, at)) at += tag;
  let first: Mp3FrameHeader | null = null;
  for (; at + 4 <= bytes.length && !(first = isFrameStart(bytes, at)); at++);
  if (!first) throw new Error('No MP3 frames found.');
  const { sampleRate, channels, samplesPerFrame } = first;
  const info = readInfoFrame(bytes, at, first);
  let samples: number;
  if (info) {
    samples = info.frames * samplesPerFrame - (info.encoderDelay ?? 0) - (info.padding ?? 0);
  } else {
    let frames = 0;
    for (let h: Mp3FrameHeader | null = first; h; h = parseFrameHeader(bytes, at)) {
      frames++;
      at += h.frameBytes;
    }
    samples = frames * samplesPerFrame;
  }
  return { format: 'mp3', sampleRate, channels, durationSeconds: Math.max(0, samples) / sampleRate };
}

/**
 * Ogg Vorbis: rate and channels from the identification header, length from the granule
 * position (samples) of the stream's last page.
 */
function probeOgg(bytes: Uint8Array): AudioProbe {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const serial = view.getUint32(14, true);
  const segments = bytes[26]!;
  const packet = 27 + segments;
  if (ascii(bytes, packet, 7) !== '\x01vorbis') throw new Error('Ogg stream is not Vorbis.');
  const channels = bytes[packet + 11]!;
  const sampleRate = view.getUint32(packet + 12, true);
  for (let at = bytes.length - 27; at >= 0; at--) {
    if (bytes[at] !== 0x4f || ascii(bytes, at, 4) !== 'OggS' || view.getUint32(at + 14, true) !== serial) continue;
    const granule = view.getBigInt64(at + 6, true);
    // -1 marks a page on which no packet ends; look further back.
    if (granule >= 0n) return { format: 'ogg', sampleRate, channels, durationSeconds: Number(granule) / sampleRate };
  }
  throw new Error('Ogg stream has no page with a granule position.');
}
