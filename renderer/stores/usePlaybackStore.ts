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
/** Stored takes are fetched this much at a time, so an hour-long take never sits whole in the renderer. */
const REPLAY_WINDOW_SECONDS = 30;
/** The next window (or loop pass) is asked for when this much queued audio is left. */
const REFILL_AHEAD_SECONDS = 5;

let handle: StreamHandle | null = null;
/** Identifies the current stream: messages still in flight from a cancelled one are ignored. */
let streamToken = 0;
let refillTimer: ReturnType<typeof setTimeout> | null = null;
/** Shows the speech waveform as it stands, no longer live, when its stream is cancelled: no `done` will come for it. */
let settleLiveWaveform: (() => void) | null = null;

function report(error: StudioErrorInfo): void {
  useStatusStore.getState().api.report(error);
}

function cancelStreams(): number {
  // Whatever cancels the speech (Stop, a new play, a take replayed) must not leave its waveform marked live.
  settleLiveWaveform?.();
  settleLiveWaveform = null;
  handle?.cancel();
  handle = null;
  if (refillTimer) clearTimeout(refillTimer);
  refillTimer = null;
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
      // A refresh still pending when the stream was stopped or replaced must not bring it back.
      if (live && token === streamToken) waveformView.set({ takeId, peaks: live.peaks(), live: !final });
    };
    settleLiveWaveform = () => publish(null, true);
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
          settleLiveWaveform = null;
          set({ streaming: false, takeId: message.takeId });
          publish(message.takeId, true);
          if (message.takeId) useTakesStore.getState().api.select(message.takeId);
          player.finish();
          return;
        case 'error':
          handle = null;
          settleLiveWaveform = null;
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

  /**
   * Plays `span` of a stored take (all of it when null) window by window: each window is asked for
   * a few seconds before the audio queued ahead runs out, so a long take never sits whole in
   * memory, and windows join gaplessly on the same clock. A looping region starts over the same way.
   */
  const playTake = (takeId: string, span: Region | null) => {
    const token = cancelStreams();
    const end = span?.endSeconds ?? takeDuration(takeId);
    const region = get().region;
    const isRegion =
      !!span && !!region && span.startSeconds === region.startSeconds && span.endSeconds === region.endSeconds;
    set({ status: 'starting', source: 'take', playId: null, streaming: true, takeId });
    // The waveform follows the selection, which may not have changed (the take was selected before
    // speech took over the view): the playhead must run over this take's peaks, not the speech's.
    void get().api.showTake(takeId);
    playWindow(takeId, token, span?.startSeconds ?? 0, end, false, isRegion);
  };

  /**
   * One window [from, min(end, from + window)); `end` null when the take's length is unknown (then
   * all of it). `isRegion`: this is the dragged region, which starts over while Loop is on.
   */
  const playWindow = (
    takeId: string,
    token: number,
    from: number,
    end: number | null,
    continuing: boolean,
    isRegion: boolean,
  ) => {
    const to = end === null ? null : Math.min(end, from + REPLAY_WINDOW_SECONDS);
    const whole = from <= 0 && (to === null || to === takeDuration(takeId));
    const region = whole || to === null ? null : { startSeconds: from, endSeconds: to };
    let offsetFrame = 0;
    let rate = 0;
    let frames = 0;

    /** What follows this window: the next window, the loop's next pass, or nothing. */
    const following = (): (() => void) | null => {
      if (to !== null && end !== null && to < end - 1e-6) {
        return () => playWindow(takeId, token, to, end, true, isRegion);
      }
      const loopRegion = isRegion && get().loop ? get().region : null;
      return loopRegion
        ? () => playWindow(takeId, token, loopRegion.startSeconds, loopRegion.endSeconds, true, true)
        : null;
    };

    const onMessage = (message: StreamMessage) => {
      if (token !== streamToken) return;
      const arrivedAt = performance.now();
      switch (message.type) {
        case 'format':
          rate = message.sampleRate;
          if (!continuing) player.begin(rate);
          offsetFrame = Math.round(from * rate);
          return;
        case 'chunk': {
          if (!rate) return;
          const pcm = pcmFromBytes(message.pcm);
          player.enqueue(message.index, pcm, offsetFrame + frames, arrivedAt);
          frames += pcm.length;
          if (get().status !== 'playing') set({ status: 'playing' });
          return;
        }
        case 'done':
          handle = null;
          if (!following()) {
            set({ streaming: false });
            player.finish();
            return;
          }
          refillTimer = setTimeout(
            () => {
              refillTimer = null;
              const next = token === streamToken ? following() : null;
              if (next) next();
              else {
                set({ streaming: false });
                player.finish();
              }
            },
            Math.max(0, (player.remainingSeconds - REFILL_AHEAD_SECONDS) * 1000),
          );
          return;
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
    handle = studio().takes.audio({ takeId, region }, onMessage);
  };

  player.onEnded(() => {
    if (get().status !== 'idle' && !handle && !refillTimer) set({ status: 'idle', streaming: false });
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
      playTake: (takeId, span = null) => playTake(takeId, span),
      seek(seconds) {
        const { source, streaming } = get();
        if (source === 'speech' && streaming) return;
        const takeId = useTakesStore.getState().selectedId;
        const duration = takeId ? takeDuration(takeId) : null;
        if (!takeId || duration === null || seconds >= duration - 0.01) return;
        playTake(takeId, { startSeconds: Math.max(0, seconds), endSeconds: duration });
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
        playTake(target, start > 0 ? { startSeconds: start, endSeconds: duration } : null);
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
