import { create } from 'zustand';
import { loadDraft, saveDraft } from '../lib/script-draft';

const FIRST_RUN_SCRIPT =
  "Welcome to Async Voice Studio. Press Play to hear this script.<break time='500ms'/> Edit the text, pick a voice, and listen again.";

interface ScriptState {
  text: string;
  api: {
    setText(text: string): void;
  };
}

/** The user's script, saved to local storage on every change so no error or reload can lose it. */
export const useScriptStore = create<ScriptState>()((set) => ({
  text: loadDraft() ?? FIRST_RUN_SCRIPT,
  api: {
    setText(text) {
      saveDraft(text);
      set({ text });
    },
  },
}));
