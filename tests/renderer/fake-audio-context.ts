import { vi } from 'vitest';
/**
 * Just enough of Web Audio to watch what the player schedules: which buffers start when, which
 * are stopped, and gain ramps. The clock only moves when the test sets `currentTime`.
 */
export class FakeAudioParam {
  value = 1;
  readonly events: Array<{ type: 'set' | 'ramp'; value: number; time: number }> = [];
  setValueAtTime(value: number, time: number) {
    this.events.push({ type: 'set', value, time });
  }
  linearRampToValueAtTime(value: number, time: number) {
    this.events.push({ type: 'ramp', value, time });
  }
}

export class FakeGainNode {
  readonly gain = new FakeAudioParam();
  connected = true;
  connect() {}
  disconnect() {
    this.connected = false;
  }
}

export class FakeAudioBuffer {
  private readonly data: Float32Array;
  constructor(
    readonly numberOfChannels: number,
    readonly length: number,
    readonly sampleRate: number,
  ) {
    this.data = new Float32Array(length);
  }
  get duration() {
    return this.length / this.sampleRate;
  }
  getChannelData() {
    return this.data;
  }
}

export class FakeBufferSource {
  buffer: FakeAudioBuffer | null = null;
  startedAt: number | null = null;
  stoppedAt: number | null = null;
  bus: FakeGainNode | null = null;
  onended: (() => void) | null = null;
  connect(bus: FakeGainNode) {
    this.bus = bus;
  }
  start(when: number) {
    this.startedAt = when;
  }
  stop(when: number) {
    this.stoppedAt = when;
  }
}

export class FakeAudioContext {
  currentTime = 0;
  state: 'running' | 'suspended' | 'closed' = 'running';
  readonly sources: FakeBufferSource[] = [];
  readonly buses: FakeGainNode[] = [];
  readonly destination = {};
  constructor(readonly sampleRate: number) {}
  createBuffer(channels: number, length: number, sampleRate: number) {
    return new FakeAudioBuffer(channels, length, sampleRate);
  }
  createBufferSource() {
    const source = new FakeBufferSource();
    this.sources.push(source);
    return source;
  }
  createGain() {
    const bus = new FakeGainNode();
    this.buses.push(bus);
    return bus;
  }
  async resume() {
    this.state = 'running';
  }
  async close() {
    this.state = 'closed';
  }
}

/** A factory for StreamPlayer that remembers the contexts it made. */
export function fakeContexts(): { create: (sampleRate: number) => AudioContext; made: FakeAudioContext[] } {
  const made: FakeAudioContext[] = [];
  return {
    made,
    create: (sampleRate) => {
      const ctx = new FakeAudioContext(sampleRate);
      made.push(ctx);
      return ctx as unknown as AudioContext;
    },
  };
}

/**
 * Makes `new AudioContext(...)` (as the app's player calls it) build FakeAudioContexts for this
 * test, listed in the returned array; undo with `vi.unstubAllGlobals()`.
 */
export function stubAudioContexts(): FakeAudioContext[] {
  const contexts: FakeAudioContext[] = [];
  vi.stubGlobal(
    'AudioContext',
    class extends FakeAudioContext {
      constructor(options: { sampleRate: number }) {
        super(options.sampleRate);
        contexts.push(this);
      }
    },
  );
  return contexts;
}
