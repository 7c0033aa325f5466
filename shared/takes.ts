import type { SentenceMetrics, VoiceSettings } from './synthesis';

/** One render, kept with everything needed to tell it apart and to make it again. */
export interface TakeSummary {
  id: string;
  name: string;
  /** ISO date. */
  createdAt: string;
  text: string;
  engine: 'async' | 'offline';
  transport: 'ws' | 'http';
  /** Settings of the first sentence; `sentences` records any change made while it played. */
  settings: VoiceSettings;
  sampleRate: number;
  durationSeconds: number;
  sentences: TakeSentence[];
  /** Time to first audio of the request that made it, ms. */
  timeToFirstAudioMs: number | null;
}

export interface TakeSentence {
  index: number;
  text: string;
  startSeconds: number;
  endSeconds: number;
  settings: VoiceSettings;
  metrics: SentenceMetrics;
}
