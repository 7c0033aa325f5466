import { create } from 'zustand';

export type StudioView = 'studio' | 'projects';
export type ProjectPanel = 'cast' | 'casting' | 'lexicon' | 'pauses' | 'qa';
export type ProjectDialog = 'export' | 'save-as' | 'about';

interface ViewState {
  /** The single-script studio or long-form projects; both stay mounted in their stores. */
  view: StudioView;
  /** Project home (new, recent, open) shown even while a project is open. */
  home: boolean;
  /** The side panel of the project view. */
  panel: ProjectPanel;
  dialog: ProjectDialog | null;
  /** The chapter shown; null or unknown falls back to the first chapter. */
  chapterId: string | null;
  /** The block the keyboard is on. */
  blockId: string | null;
  /** Blocks picked for "selected blocks" (export, render): the current one and Shift/Ctrl-clicked ones. */
  picked: string[];
  api: {
    setView(view: StudioView): void;
    showHome(home: boolean): void;
    setPanel(panel: ProjectPanel): void;
    showDialog(dialog: ProjectDialog | null): void;
    showChapter(chapterId: string): void;
    /** Moves to a block; `extend` picks a range (Shift), `toggle` adds or removes it (Ctrl/Cmd). */
    focusBlock(blockId: string, options?: { chapterId?: string; extend?: string[]; toggle?: boolean }): void;
    /** Another project opened: its first chapter, nothing picked, the home out of the way. */
    projectChanged(): void;
  };
}

/** Where the user is: which view, panel, chapter and block, and which dialog is open. */
export const useViewStore = create<ViewState>()((set, get) => ({
  view: 'studio',
  home: false,
  panel: 'cast',
  dialog: null,
  chapterId: null,
  blockId: null,
  picked: [],
  api: {
    setView: (view) => set({ view }),
    showHome: (home) => set({ home }),
    setPanel: (panel) => set({ panel }),
    showDialog: (dialog) => set({ dialog }),
    showChapter: (chapterId) => {
      if (chapterId !== get().chapterId) set({ chapterId, blockId: null, picked: [] });
    },
    focusBlock(blockId, options = {}) {
      const chapterId = options.chapterId ?? get().chapterId;
      if (options.extend) return set({ chapterId, blockId, picked: options.extend });
      if (options.toggle) {
        const picked = get().picked.includes(blockId)
          ? get().picked.filter((id) => id !== blockId)
          : [...get().picked, blockId];
        return set({ chapterId, blockId, picked });
      }
      set({ chapterId, blockId, picked: [blockId] });
    },
    projectChanged: () => set({ home: false, chapterId: null, blockId: null, picked: [] }),
  },
}));
