import { create } from 'zustand';
import type { StudioErrorInfo } from '../../shared/errors';
import type { StreamMessage } from '../../shared/ipc-contract';
import type { SettingsPatch } from '../../shared/settings';
import type { StreamHandle } from '../../shared/studio-api';
import { LiveTake } from '../audio/live-take';
import { pcmFromBytes } from '../audio/pcm-bytes';
import { livePeakSize, player, storedPeakSize, waveformView } from '../audio/playback-engine';
import { studio } from '../studio';
import { useSettingsStore } from './useSettingsStore';
import { useStatusStore } from './useStatusStore';
import { useTakesStore } from './useTakesStore';

export interface Region {
  startSeconds: number;
  endSeconds: number;
}

export type PlaybackStatus = 'idle' | 'starting' | 'playing';

interface PlaybackState {
  status: PlaybackStatus;
  /** What is playing: fresh speech from the script, or a stored take. */
  source: 'speech' | 'take' | null;
  /** The speech stream's id, for retuning it. */
  playId: string | null;
  /** The stream is still delivering audio (so a retune can still change what follows). */
  streaming: boolean;
  /** The take playing, or the one the speech became once saved. */
  takeId: string | null;
  /** The region dragged on the waveform: what loops, and what "export region" exports. */
  region: Region | null;
  loop: boolean;
  api: {
    play(text: string): void;
    stop(): void;
    /** Plays `span` of a stored take (the whole take when null). */
    playTake(takeId: string, span?: Region | null): void;
    /** Click on the waveform: replay the shown take from there. */
    seek(seconds: number): void;
    setRegion(region: Region | null): void;
    setLoop(loop: boolean): void;
    /** A/B: switch to the other take of the pair at the same position. */
    compareSwitch(): void;
    /** Changes how the speech sounds; while it is streaming, re-synthesises from the sentence being heard. */
    changeSound(patch: SettingsPatch): Promise<void>;
    /** Shows a stored take's waveform. */
    showTake(takeId: string): Promise<void>;
  };
}

/** Waveform updates while streaming are batched to this interval (wavesurfer redraws the whole view). */
const WAVEFORM_REFRESH_MS = 150;
/** A looping region asks for its next pass this long before the current one runs out. */
const LOOP_AHEAD_SECONDS = 1;

let handle: StreamHandle | null = null;
/** Identifies the current stream: messages still in flight from a cancelled one are ignored. */
let streamToken = 0;
let loopTimer: ReturnType<typeof setTimeout> | null = null;

function report(error: StudioErrorInfo): void {
  useStatusStore.getState().api.report(error);
}

function cancelStreams(): number {
  handle?.cancel();
  handle = null;
  if (loopTimer) clearTimeout(loopTimer);
  loopTimer = null;
  player.stop();
  return ++streamToken;
}

function takeDuration(takeId: string): number | null {
  return useTakesStore.getState().takes.find((t) => t.id === takeId)?.durationSeconds ?? null;
}

/** Live speech, audio and peaks, one chunk at a time; the store and the player follow, audio stays out of the store. */
export const usePlaybackStore = create<PlaybackState>()((set, get) => {
  const playSpeech = (text: string) => {
    const token = cancelStreams();
    const requestedAt = performance.now();
    // Shown again if this play fails before any audio: a failed request must not blank the waveform.
    const shown = waveformView.get();
    const previousView = shown && { ...shown, live: false };
    let live: LiveTake | null = null;
    let heardFirst = false;
    let refresh: ReturnType<typeof setTimeout> | null = null;
    const publish = (takeId: string | null, final: boolean) => {
      if (refresh) clearTimeout(refresh);
      refresh = null;
      if (live) waveformView.set({ takeId, peaks: live.peaks(), live: !final });
    };
    const publishSoon = () => {
      refresh ??= setTimeout(() => publish(null, false), WAVEFORM_REFRESH_MS);
    };
    const onMessage = (message: StreamMessage) => {
      if (token !== streamToken) return;
      const arrivedAt = performance.now();
      switch (message.type) {
        case 'format':
          player.begin(message.sampleRate);
          live = new LiveTake(message.sampleRate, livePeakSize(message.sampleRate));
          set({ playId: message.playId });
          publish(null, false);
          return;
        case 'chunk': {
          if (!live) return;
          const pcm = pcmFromBytes(message.pcm);
          player.enqueue(message.index, pcm, live.append(message.index, pcm), arrivedAt);
          if (!heardFirst) {
            heardFirst = true;
            useStatusStore.getState().api.firstAudio(arrivedAt - requestedAt);
            set({ status: 'playing' });
          }
          publishSoon();
          return;
        }
        case 'sentence-reset':
          live?.resetSentence(message.index);
          player.resetSentence(message.index);
          publishSoon();
          return;
        case 'rewind':
          live?.rewind(message.fromSentence);
          player.rewind(message.fromSentence);
          publishSoon();
          return;
        case 'done':
          handle = null;
          set({ streaming: false, takeId: message.takeId });
          publish(message.takeId, true);
          if (message.takeId) useTakesStore.getState().api.select(message.takeId);
          player.finish();
          return;
        case 'error':
          handle = null;
          set({ streaming: false });
          if (heardFirst) publish(null, true);
          else waveformView.set(previousView);
          report(message.error);
          player.finish();
          return;
        default:
          return;
      }
    };
    set({ status: 'starting', source: 'speech', playId: null, streaming: true, takeId: null, region: null });
    handle = studio().speech.play({ text }, onMessage);
  };

  /** `continuing`: the next pass of a loop, queued behind the current one on the same clock. */
  const playTake = (takeId: string, span: Region | null, continuing: boolean) => {
    const token = continuing ? streamToken : cancelStreams();
    let offsetFrame = 0;
    let rate = 0;
    let frames = 0;
    const onMessage = (message: StreamMessage) => {
      if (token !== streamToken) return;
      const arrivedAt = performance.now();
      switch (message.type) {
        case 'format':
          rate = message.sampleRate;
          if (!continuing) player.begin(rate);
          offsetFrame = Math.round((span?.startSeconds ?? 0) * rate);
          return;
        case 'chunk': {
          if (!rate) return;
          const pcm = pcmFromBytes(message.pcm);
          player.enqueue(message.index, pcm, offsetFrame + frames, arrivedAt);
          frames += pcm.length;
          if (get().status !== 'playing') set({ status: 'playing' });
          return;
        }
        case 'done': {
          handle = null;
          set({ streaming: false });
          const region = get().region;
          if (get().loop && region) {
            loopTimer = setTimeout(
              () => {
                loopTimer = null;
                const current = get().region;
                if (token === streamToken && get().loop && current) playTake(takeId, current, true);
                else player.finish();
              },
              Math.max(0, (player.remainingSeconds - LOOP_AHEAD_SECONDS) * 1000),
            );
          } else {
            player.finish();
          }
          return;
        }
        case 'error':
          handle = null;
          set({ streaming: false });
          report(message.error);
          player.finish();
          return;
        default:
          return;
      }
    };
    set({
      status: continuing ? get().status : 'starting',
      source: 'take',
      playId: null,
      streaming: true,
      takeId,
    });
    handle = studio().takes.audio({ takeId, region: span }, onMessage);
  };

  player.onEnded(() => {
    if (get().status !== 'idle' && !handle && !loopTimer) set({ status: 'idle', streaming: false });
  });

  return {
    status: 'idle',
    source: null,
    playId: null,
    streaming: false,
    takeId: null,
    region: null,
    loop: false,
    api: {
      play(text) {
        if (!text.trim()) {
          useStatusStore.getState().api.notify('Write something in the script first.');
          return;
        }
        useStatusStore.getState().api.dismissError();
        playSpeech(text);
      },
      stop() {
        cancelStreams();
        set({ status: 'idle', streaming: false });
      },
      playTake: (takeId, span = null) => playTake(takeId, span, false),
      seek(seconds) {
        const { source, streaming } = get();
        if (source === 'speech' && streaming) return;
        const takeId = useTakesStore.getState().selectedId;
        const duration = takeId ? takeDuration(takeId) : null;
        if (!takeId || duration === null || seconds >= duration - 0.01) return;
        playTake(takeId, { startSeconds: Math.max(0, seconds), endSeconds: duration }, false);
      },
      setRegion: (region) => set({ region }),
      setLoop: (loop) => set({ loop }),
      compareSwitch() {
        const { a, b } = useTakesStore.getState().compare;
        if (!a || !b) {
          useStatusStore.getState().api.notify('Mark two takes as A and B to compare them.');
          return;
        }
        const { source, takeId, status } = get();
        const playingOne = source === 'take' && status !== 'idle' && (takeId === a || takeId === b);
        const target = playingOne && takeId === a ? b : a;
        const position = playingOne ? (player.takeSeconds ?? 0) : 0;
        const duration = takeDuration(target);
        if (duration === null) return;
        useTakesStore.getState().api.select(target);
        const start = position < duration - 0.05 ? position : 0;
        playTake(target, start > 0 ? { startSeconds: start, endSeconds: duration } : null, false);
      },
      async changeSound(patch) {
        const accepted = await useSettingsStore.getState().api.update(patch);
        const { source, streaming, playId } = get();
        if (!accepted || source !== 'speech' || !streaming || !playId) return;
        const fromSentence = player.currentSentence ?? 0;
        const result = await studio().speech.retune({ playId, fromSentence, settings: patch });
        if (!result.ok) report(result.error);
      },
      async showTake(takeId) {
        const take = useTakesStore.getState().takes.find((t) => t.id === takeId);
        if (!take || waveformView.get()?.takeId === takeId) return;
        const result = await studio().takes.peaks({
          takeId,
          samplesPerPeak: storedPeakSize(take.sampleRate, take.durationSeconds),
        });
        if (useTakesStore.getState().selectedId !== takeId) return;
        if (!result.ok) return report(result.error);
        const { max, min } = result.value;
        waveformView.set({ takeId, peaks: { max, min, durationSeconds: take.durationSeconds }, live: false });
      },
    },
  };
});
