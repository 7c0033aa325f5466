import { create } from 'zustand';
import type { SpeakerVoice } from '../../shared/project';
import { newId, useProjectStore } from './useProjectStore';

/** One voice (or one set of settings of a voice) auditioned on the casting line. */
export interface CastingCandidate {
  id: string;
  voice: SpeakerVoice;
}

interface CastingState {
  /** The line every candidate says. */
  line: string;
  /** The speaker being cast. */
  speakerId: string | null;
  candidates: CastingCandidate[];
  /** The candidate last picked, until the line or the candidates change. */
  pickedId: string | null;
  api: {
    setLine(line: string): void;
    setSpeaker(speakerId: string): void;
    add(voice: SpeakerVoice): void;
    change(candidateId: string, voice: SpeakerVoice): void;
    remove(candidateId: string): void;
    /** Gives `speakerId` (the speaker shown as being cast) the candidate's voice. */
    pick(candidateId: string, speakerId: string): Promise<boolean>;
  };
}

/** The casting grid: one line, several candidates, and the winner given to a speaker of the cast. */
export const useCastingStore = create<CastingState>()((set, get) => ({
  line: '',
  speakerId: null,
  candidates: [],
  pickedId: null,
  api: {
    setLine: (line) => set({ line, pickedId: null }),
    setSpeaker: (speakerId) => set({ speakerId, pickedId: null }),
    add: (voice) => set((s) => ({ candidates: [...s.candidates, { id: newId(), voice }] })),
    change: (candidateId, voice) =>
      set((s) => ({
        candidates: s.candidates.map((c) => (c.id === candidateId ? { ...c, voice } : c)),
        pickedId: s.pickedId === candidateId ? null : s.pickedId,
      })),
    remove: (candidateId) => set((s) => ({ candidates: s.candidates.filter((c) => c.id !== candidateId) })),
    async pick(candidateId, speakerId) {
      const candidate = get().candidates.find((c) => c.id === candidateId);
      if (!candidate) return false;
      const accepted = await useProjectStore
        .getState()
        .api.editOrReport([{ op: 'update-speaker', speakerId, voice: candidate.voice }]);
      if (accepted) set({ pickedId: candidateId });
      return accepted;
    },
  },
}));
