/** Audio formats the Async API negotiates (asyncai-api.md §7). Mono only: the API has no channel option. */
export const ENCODINGS = ['pcm_s16le', 'pcm_f32le', 'pcm_mulaw'] as const;
export type Encoding = (typeof ENCODINGS)[number];

export const CONTAINERS = ['raw', 'mp3', 'wav'] as const;
export type Container = (typeof CONTAINERS)[number];

export const SAMPLE_RATE_MIN = 8000;
export const SAMPLE_RATE_MAX = 48000;
export const BIT_RATE_MIN = 32000;
export const BIT_RATE_MAX = 320000;

/** Rates offered in pickers; the API accepts any integer in [8000, 48000]. */
export const COMMON_SAMPLE_RATES = [8000, 16000, 22050, 24000, 32000, 44100, 48000] as const;

export interface OutputFormat {
  container: Container;
  encoding: Encoding;
  sampleRate: number;
  /** MP3 only, 32000–320000. */
  bitRate?: number;
}

/** Pipecat's defaults: raw headerless PCM, 16-bit little-endian; 44.1 kHz is the WebSocket default. */
export const DEFAULT_OUTPUT_FORMAT: OutputFormat = {
  container: 'raw',
  encoding: 'pcm_s16le',
  sampleRate: 44100,
};

/**
 * `output` as raw samples, whatever container was asked for: the studio decodes and plays samples,
 * and packs files itself.
 */
export function rawPcmOf({ encoding, sampleRate }: OutputFormat): OutputFormat {
  return { container: 'raw', encoding, sampleRate };
}

export function bytesPerSample(encoding: Encoding): number {
  switch (encoding) {
    case 'pcm_s16le':
      return 2;
    case 'pcm_f32le':
      return 4;
    case 'pcm_mulaw':
      return 1;
  }
}

/** Files the studio and the CLI can write, chosen by extension. */
export const EXPORT_FORMATS = ['wav', 'mp3', 'ogg'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
