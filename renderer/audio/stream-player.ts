import { LatencyMeter } from './latency-meter';
import { PlaybackSchedule, type Placement } from './schedule';

/** How far ahead of "now" the first buffer of a stream starts, so it is never scheduled in the past. */
const LEAD_SECONDS = 0.05;
/** Cut-offs (Stop, rewind) ramp down this fast instead of jumping to silence, which would click. */
const CUT_FADE_SECONDS = 0.008;

/** A context at the stream's own rate, so buffers are not resampled one by one (their joins stay seamless). */
function contextFor(sampleRate: number): AudioContext {
  try {
    return new AudioContext({ sampleRate, latencyHint: 'interactive' });
  } catch {
    return new AudioContext({ latencyHint: 'interactive' });
  }
}

interface Voice {
  source: AudioBufferSourceNode;
  placement: Placement;
}

/**
 * Plays streamed PCM through Web Audio, gaplessly: each chunk becomes an AudioBuffer started at the
 * exact end of the previous one on the AudioContext clock (see PlaybackSchedule). Lives outside
 * React and zustand; audio never enters a store. One stream at a time: `begin` starts a stream,
 * `enqueue` adds its chunks, `finish` says no more will come.
 */
export class StreamPlayer {
  readonly latency = new LatencyMeter();
  private ctx: AudioContext | null = null;
  private rate = 0;
  private schedule: PlaybackSchedule | null = null;
  private bus: GainNode | null = null;
  private voices = new Map<number, Voice>();
  private finished = false;
  private endTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly endedListeners = new Set<() => void>();

  constructor(private readonly createContext: (sampleRate: number) => AudioContext = contextFor) {}

  /** A stream starts (its `format` message): any audio still queued stops, the clock is ready at the stream's rate. */
  begin(sampleRate: number): void {
    this.stop();
    if (!this.ctx || this.ctx.state === 'closed' || this.ctx.sampleRate !== sampleRate) {
      void this.ctx?.close();
      this.ctx = this.createContext(sampleRate);
    }
    void this.ctx.resume();
    this.rate = sampleRate;
    this.schedule = new PlaybackSchedule(Math.round(LEAD_SECONDS * sampleRate));
    this.bus = this.newBus();
    this.finished = false;
  }

  /** Schedules one chunk of `sentence`. `takeFrame` places it on the take's timeline (for the playhead). */
  enqueue(sentence: number, pcm: Float32Array, takeFrame: number, arrivedAtMs: number): void {
    const { ctx, schedule, bus } = this;
    if (!ctx || !schedule || !bus || pcm.length === 0) return;
    const nowFrame = ctx.currentTime * this.rate;
    const first = schedule.remainingFrames(nowFrame) === 0;
    const placement = schedule.place(sentence, pcm.length, nowFrame, takeFrame);
    const buffer = ctx.createBuffer(1, pcm.length, this.rate);
    buffer.getChannelData(0).set(pcm);
    const source = ctx.createBufferSource();
    source.buffer = buffer;
    source.connect(bus);
    const when = placement.startFrame / this.rate;
    source.start(when);
    source.onended = () => this.voices.delete(placement.id);
    this.voices.set(placement.id, { source, placement });
    this.finished = false;
    const handledAt = performance.now();
    this.latency.record({
      first,
      handlingMs: handledAt - arrivedAtMs,
      toPlaybackMs: handledAt - arrivedAtMs + (when - ctx.currentTime) * 1000,
    });
  }

  /** `sentence-reset`: the sentence's queued audio that has not started is dropped. */
  resetSentence(sentence: number): void {
    if (!this.ctx || !this.schedule) return;
    this.silence(this.schedule.resetSentence(sentence, this.nowFrame()));
  }

  /** `rewind`: audio of sentences from `fromSentence` on is cut (what was heard stays heard); new audio follows. */
  rewind(fromSentence: number): void {
    if (!this.ctx || !this.schedule) return;
    this.silence(this.schedule.rewind(fromSentence, this.nowFrame()));
  }

  /** The stream has sent everything; listeners hear `ended` when the last buffer has played. */
  finish(): void {
    this.finished = true;
    this.armEndTimer();
  }

  /** Silences everything at once and forgets the queue. */
  stop(): void {
    if (this.endTimer) clearTimeout(this.endTimer);
    this.endTimer = null;
    this.finished = false;
    if (this.schedule) this.silence(this.schedule.clear());
  }

  onEnded(listener: () => void): () => void {
    this.endedListeners.add(listener);
    return () => this.endedListeners.delete(listener);
  }

  /** The sentence being heard (or next to be heard); null when nothing is queued. */
  get currentSentence(): number | null {
    return this.schedule && this.ctx ? this.schedule.sentenceAt(this.nowFrame()) : null;
  }

  /** The playhead on the take's timeline, in seconds; null before any audio. */
  get takeSeconds(): number | null {
    if (!this.schedule || !this.ctx) return null;
    const frame = this.schedule.takeFrameAt(this.nowFrame());
    return frame === null ? null : frame / this.rate;
  }

  /** Audio queued but not yet heard, in seconds. */
  get remainingSeconds(): number {
    return this.schedule && this.ctx ? this.schedule.remainingFrames(this.nowFrame()) / this.rate : 0;
  }

  private nowFrame(): number {
    return this.ctx!.currentTime * this.rate;
  }

  private newBus(): GainNode {
    const bus = this.ctx!.createGain();
    bus.connect(this.ctx!.destination);
    return bus;
  }

  /**
   * Stops dropped buffers. Ones already sounding are faded out over a few ms on their own bus (a
   * fresh bus takes the audio that follows); ones not started yet just never start.
   */
  private silence(dropped: Placement[]): void {
    const ctx = this.ctx;
    if (!ctx || !dropped.length) return;
    const now = ctx.currentTime;
    const sounding = dropped.some((p) => p.startFrame / this.rate <= now);
    if (sounding && this.bus) {
      const old = this.bus;
      old.gain.setValueAtTime(1, now);
      old.gain.linearRampToValueAtTime(0, now + CUT_FADE_SECONDS);
      setTimeout(() => old.disconnect(), CUT_FADE_SECONDS * 1000 + 50);
      this.bus = this.newBus();
    }
    for (const p of dropped) {
      const voice = this.voices.get(p.id);
      if (!voice) continue;
      this.voices.delete(p.id);
      voice.source.onended = null;
      voice.source.stop(p.startFrame / this.rate <= now ? now + CUT_FADE_SECONDS : 0);
    }
  }

  /** Checks when the queue should have drained; a finished stream with nothing left is `ended`. */
  private armEndTimer(): void {
    if (this.endTimer) clearTimeout(this.endTimer);
    const waitMs = this.remainingSeconds * 1000 + 20;
    this.endTimer = setTimeout(() => {
      this.endTimer = null;
      if (!this.finished) return;
      if (this.remainingSeconds > 0) this.armEndTimer();
      else this.endedListeners.forEach((listener) => listener());
    }, waitMs);
  }
}
