/** Loudness figures of a piece of mono audio (ITU-R BS.1770-4 / EBU R128); -Infinity dB for silence. */
export interface LoudnessReport {
  /** Gated integrated loudness, LUFS. */
  integratedLufs: number;
  /** EBU Tech 3342 loudness range, LU (0 when there is too little or no audio). */
  loudnessRangeLu: number;
  /** BS.1770-4 Annex 2 true peak (4x oversampled), dBTP. */
  truePeakDbtp: number;
  samplePeakDbfs: number;
  /** Unweighted RMS over the whole signal (what ACX checks), dBFS; a full-scale sine reads -3.01. */
  rmsDbfs: number;
}

/** What a delivery spec asks of the loudness. */
export type LoudnessTarget =
  | { kind: 'integrated'; targetLufs: number; truePeakCeilingDbtp: number }
  | { kind: 'rms'; minRmsDbfs: number; maxRmsDbfs: number; samplePeakCeilingDbfs: number; maxNoiseFloorDbfs: number };

export interface LoudnessPreset {
  id: string;
  label: string;
  description: string;
  target: LoudnessTarget;
}

/** Peaks at most this high after normalising to integrated loudness (EBU R128, podcast specs). */
export const TRUE_PEAK_CEILING_DBTP = -1;

/** Common delivery specs, for the export dialog and the CLI. */
export const LOUDNESS_PRESETS = [
  {
    id: 'podcast',
    label: 'Podcast (-16 LUFS)',
    description: 'Apple Podcasts, Spotify and most podcast hosts: -16 LUFS integrated, true peak at most -1 dBTP.',
    target: { kind: 'integrated', targetLufs: -16, truePeakCeilingDbtp: TRUE_PEAK_CEILING_DBTP },
  },
  {
    id: 'podcast-mono',
    label: 'Podcast, mono (-19 LUFS)',
    description: 'The mono counterpart of -16 LUFS stereo (AES TD1004): -19 LUFS, true peak at most -1 dBTP.',
    target: { kind: 'integrated', targetLufs: -19, truePeakCeilingDbtp: TRUE_PEAK_CEILING_DBTP },
  },
  {
    id: 'broadcast',
    label: 'Broadcast, EBU R128 (-23 LUFS)',
    description: 'EBU R128 for radio and television: -23 LUFS integrated, true peak at most -1 dBTP.',
    target: { kind: 'integrated', targetLufs: -23, truePeakCeilingDbtp: TRUE_PEAK_CEILING_DBTP },
  },
  {
    id: 'acx',
    label: 'Audiobook, ACX',
    description: 'ACX (Audible): RMS between -23 and -18 dB, peaks at most -3 dB, noise floor at most -60 dB RMS.',
    target: { kind: 'rms', minRmsDbfs: -23, maxRmsDbfs: -18, samplePeakCeilingDbfs: -3, maxNoiseFloorDbfs: -60 },
  },
] as const satisfies readonly LoudnessPreset[];

export type LoudnessPresetId = (typeof LOUDNESS_PRESETS)[number]['id'];
