/**
 * The take as it streams in: where each sentence's audio sits on the take's timeline and the
 * waveform peaks for it, both updated chunk by chunk. The stream delivers sentences in order, so a
 * sentence reset or a rewind only ever truncates the tail; peaks live in one growable pair of
 * arrays and each sentence starts a fresh peak bin, so truncation is just a shorter length.
 */
interface SentenceSpan {
  sentence: number;
  startFrame: number;
  firstBin: number;
}

export interface PeakChannels {
  /** Upper envelope per bin (top half of the waveform). */
  max: Float32Array;
  /** Lower envelope per bin (bottom half). */
  min: Float32Array;
  durationSeconds: number;
}

export class LiveTake {
  private spans: SentenceSpan[] = [];
  private frames = 0;
  private bins = 0;
  private max = new Float32Array(1024);
  private min = new Float32Array(1024);
  /** Samples already folded into the open (last) bin. */
  private openBinSamples = 0;

  constructor(
    readonly sampleRate: number,
    readonly samplesPerPeak: number,
  ) {}

  /** Adds a chunk of `sentence`; returns where it starts on the take's timeline, in frames. */
  append(sentence: number, pcm: Float32Array): number {
    let span = this.spans[this.spans.length - 1];
    if (!span || span.sentence !== sentence) {
      span = { sentence, startFrame: this.frames, firstBin: this.bins };
      this.spans.push(span);
      this.openBinSamples = 0;
    }
    const takeFrame = this.frames;
    this.fold(pcm);
    this.frames += pcm.length;
    return takeFrame;
  }

  /** The sentence will be synthesised again: its audio so far leaves the timeline. */
  resetSentence(sentence: number): void {
    const at = this.spans.findIndex((s) => s.sentence === sentence);
    if (at >= 0) this.truncate(at);
  }

  /** Sentences from `fromSentence` on are being replaced. */
  rewind(fromSentence: number): void {
    const at = this.spans.findIndex((s) => s.sentence >= fromSentence);
    if (at >= 0) this.truncate(at);
  }

  get durationSeconds(): number {
    return this.frames / this.sampleRate;
  }

  /** Copies of the peaks so far, ready for the waveform (which may keep them). */
  peaks(): PeakChannels {
    return {
      max: this.max.slice(0, this.bins),
      min: this.min.slice(0, this.bins),
      durationSeconds: this.durationSeconds,
    };
  }

  private truncate(spanIndex: number): void {
    const span = this.spans[spanIndex]!;
    this.frames = span.startFrame;
    this.bins = span.firstBin;
    this.spans.length = spanIndex;
    // The previous sentence's last bin is complete as far as it goes; new audio opens a new bin.
    this.openBinSamples = 0;
  }

  private fold(pcm: Float32Array): void {
    let i = 0;
    while (i < pcm.length) {
      if (this.openBinSamples === 0 || this.openBinSamples >= this.samplesPerPeak) {
        this.ensureCapacity(this.bins + 1);
        this.max[this.bins] = -Infinity;
        this.min[this.bins] = Infinity;
        this.bins++;
        this.openBinSamples = 0;
      }
      const bin = this.bins - 1;
      const take = Math.min(this.samplesPerPeak - this.openBinSamples, pcm.length - i);
      let hi = this.max[bin]!;
      let lo = this.min[bin]!;
      for (let k = i; k < i + take; k++) {
        const v = pcm[k]!;
        if (v > hi) hi = v;
        if (v < lo) lo = v;
      }
      this.max[bin] = hi;
      this.min[bin] = lo;
      this.openBinSamples += take;
      i += take;
    }
  }

  private ensureCapacity(bins: number): void {
    if (bins <= this.max.length) return;
    const size = Math.max(bins, this.max.length * 2);
    const max = new Float32Array(size);
    const min = new Float32Array(size);
    max.set(this.max.subarray(0, this.bins));
    min.set(this.min.subarray(0, this.bins));
    this.max = max;
    this.min = min;
  }
}
