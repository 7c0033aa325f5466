import { create } from 'zustand';

export type DialogName = 'key' | 'settings' | 'export';

interface DialogState {
  open: DialogName | null;
  api: {
    show(dialog: DialogName): void;
    close(): void;
  };
}

/** Which dialog is open: one at a time, opened from buttons, shortcuts and error ways out. */
export const useDialogStore = create<DialogState>()((set) => ({
  open: null,
  api: {
    show: (dialog) => set({ open: dialog }),
    close: () => set({ open: null }),
  },
}));
