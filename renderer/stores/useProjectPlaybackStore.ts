import { create } from 'zustand';
import type { StreamMessage } from '../../shared/ipc-contract';
import type { SpeakerVoice } from '../../shared/project';
import type { StreamHandle } from '../../shared/studio-api';
import { BlockTimeline } from '../audio/block-timeline';
import { pcmFromBytes } from '../audio/pcm-bytes';
import { player } from '../audio/playback-engine';
import { studio } from '../studio';
import { usePlaybackStore } from './usePlaybackStore';
import { useStatusStore } from './useStatusStore';

export type ProjectPlayMode = 'chapter' | 'take' | 'casting';

interface ProjectPlaybackState {
  status: 'idle' | 'starting' | 'playing';
  mode: ProjectPlayMode | null;
  /** What plays: the chapter's id, `blockId/takeId` for a take, or the casting candidate's id. */
  subject: string | null;
  /** Chapter playback: the block being heard now (not the one the stream has reached). */
  heardBlockId: string | null;
  /** Chapter playback: blocks left out for want of a usable take. */
  skipped: string[];
  api: {
    playChapter(chapterId: string, fromBlockId: string | null): void;
    playTake(blockId: string, takeId: string): void;
    playCasting(candidateId: string, text: string, voice: SpeakerVoice): void;
    stop(): void;
  };
}

/** How often the highlight follows the playhead: fine enough to change with the audio, cheap enough to ignore. */
const HIGHLIGHT_TICK_MS = 100;

export const takeSubject = (blockId: string, takeId: string) => `${blockId}/${takeId}`;

let handle: StreamHandle | null = null;
/** Identifies the current stream: messages still in flight from a cancelled one are ignored. */
let streamToken = 0;
let ticker: ReturnType<typeof setInterval> | null = null;

function stopStream(): number {
  handle?.cancel();
  handle = null;
  if (ticker) clearInterval(ticker);
  ticker = null;
  player.stop();
  return ++streamToken;
}

/**
 * Project playback through the studio's one gapless player: a chapter from a block on (with the
 * block being heard highlighted), one take of a block, or a casting candidate. Starting it stops
 * the studio's playback and the studio's playback stops it, so one thing plays at a time.
 */
export const useProjectPlaybackStore = create<ProjectPlaybackState>()((set, get) => {
  const play = (
    mode: ProjectPlayMode,
    subject: string,
    open: (onMessage: (m: StreamMessage) => void) => StreamHandle,
  ) => {
    if (usePlaybackStore.getState().status !== 'idle') usePlaybackStore.getState().api.stop();
    const token = stopStream();
    const timeline = new BlockTimeline();
    let rate = 0;
    let frames = 0;
    const follow = () => {
      const heard = timeline.blockAt(player.takeSeconds);
      if (heard !== get().heardBlockId) set({ heardBlockId: heard });
    };
    const onMessage = (message: StreamMessage) => {
      if (token !== streamToken) return;
      const arrivedAt = performance.now();
      switch (message.type) {
        case 'format':
          rate = message.sampleRate;
          player.begin(rate);
          return;
        case 'chunk': {
          if (!rate) return;
          const pcm = pcmFromBytes(message.pcm);
          // The stream's own timeline (frames so far) is what block-start times are measured on.
          player.enqueue(message.index, pcm, frames, arrivedAt);
          frames += pcm.length;
          if (get().status !== 'playing') set({ status: 'playing' });
          if (mode === 'chapter' && !ticker) {
            follow();
            ticker = setInterval(follow, HIGHLIGHT_TICK_MS);
          }
          return;
        }
        case 'sentence-reset':
          player.resetSentence(message.index);
          return;
        case 'block-start':
          timeline.add(message.blockId, message.startSeconds, message.skipped);
          if (message.skipped) set({ skipped: [...timeline.skipped] });
          return;
        case 'done':
          handle = null;
          if (frames === 0) set({ status: 'idle', heardBlockId: null });
          player.finish();
          return;
        case 'error':
          handle = null;
          useStatusStore.getState().api.report(message.error);
          if (frames === 0) set({ status: 'idle', heardBlockId: null });
          player.finish();
          return;
        default:
          return;
      }
    };
    set({ status: 'starting', mode, subject, heardBlockId: null, skipped: [] });
    handle = open(onMessage);
  };

  const stop = () => {
    stopStream();
    set({ status: 'idle', heardBlockId: null });
  };

  player.onEnded(() => {
    if (get().status !== 'idle' && !handle) stop();
  });
  usePlaybackStore.subscribe((state, previous) => {
    if (state.status === 'starting' && previous.status !== 'starting' && get().status !== 'idle') stop();
  });

  return {
    status: 'idle',
    mode: null,
    subject: null,
    heardBlockId: null,
    skipped: [],
    api: {
      playChapter(chapterId, fromBlockId) {
        play('chapter', chapterId, (onMessage) => studio().project.play({ chapterId, fromBlockId }, onMessage));
      },
      playTake(blockId, takeId) {
        play('take', takeSubject(blockId, takeId), (onMessage) =>
          studio().project.takeAudio({ blockId, takeId }, onMessage),
        );
      },
      playCasting(candidateId, text, voice) {
        play('casting', candidateId, (onMessage) => studio().casting.play({ text, voice }, onMessage));
      },
      stop,
    },
  };
});
