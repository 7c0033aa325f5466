import { FliteEngine } from '../../electron/engine/offline/flite';
import { speakTranscript, speakWithWordTimings, type TimedSpeech } from '../../electron/engine/offline/speak-markup';
import { fliteVoiceOf, type ApiVoice } from './voice-catalogue';

export interface SpeechRequest {
  voice: ApiVoice;
  sampleRate: number;
  speed?: number;
}

/** Enough for a test run's repeated sentences; a long script in the CLI simply cycles through. */
const CACHE_ENTRIES = 256;

/**
 * Real speech for the simulator: one Flite worker, with finished renderings kept in a small LRU
 * keyed by (kind, text, voice, rate, speed) so that repeated test runs do not re-synthesise.
 */
export class SpeechSource {
  private readonly engine = new FliteEngine();
  private readonly cache = new Map<string, Promise<Float32Array | TimedSpeech>>();

  speak(text: string, request: SpeechRequest): Promise<Float32Array> {
    return this.cached('plain', text, request, (options) => speakTranscript(this.engine, text, options));
  }

  speakTimed(text: string, request: SpeechRequest): Promise<TimedSpeech> {
    return this.cached('timed', text, request, (options) => speakWithWordTimings(this.engine, text, options));
  }

  close(): Promise<void> {
    this.cache.clear();
    return this.engine.close();
  }

  private cached<T extends Float32Array | TimedSpeech>(
    kind: string,
    text: string,
    request: SpeechRequest,
    render: (options: Parameters<typeof speakTranscript>[2]) => Promise<T>,
  ): Promise<T> {
    const { voice, pitchHz } = fliteVoiceOf(request.voice);
    const key = JSON.stringify([kind, text, voice, pitchHz, request.sampleRate, request.speed ?? 1]);
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      this.cache.set(key, hit);
      return hit as Promise<T>;
    }
    const promise = render({ voice, pitchHz, sampleRate: request.sampleRate, speed: request.speed });
    this.cache.set(key, promise);
    promise.catch(() => this.cache.delete(key));
    if (this.cache.size > CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    return promise;
  }
}
