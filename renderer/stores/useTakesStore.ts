import { create } from 'zustand';
import type { TakeSummary } from '../../shared/takes';
import { studio } from '../studio';
import { useStatusStore } from './useStatusStore';

/** How long a deleted take can be brought back before it is really deleted. */
export const UNDO_DELETE_MS = 6000;

interface TakesState {
  takes: TakeSummary[];
  /** The take shown in the waveform (and exported by default). */
  selectedId: string | null;
  /** A take the user deleted, hidden and still recoverable until the timer runs out. */
  pendingDelete: TakeSummary | null;
  /** The two takes A/B compare toggles between. */
  compare: { a: string | null; b: string | null };
  api: {
    load(): Promise<void>;
    received(takes: TakeSummary[]): void;
    select(takeId: string | null): void;
    rename(takeId: string, name: string): Promise<boolean>;
    remove(takeId: string): void;
    undoRemove(): void;
    setCompare(slot: 'a' | 'b', takeId: string | null): void;
  };
}

let deleteTimer: ReturnType<typeof setTimeout> | null = null;

/** Every render, newest first, with rename, delete-with-undo and the A/B pair. */
export const useTakesStore = create<TakesState>()((set, get) => {
  const commitDelete = async () => {
    const take = get().pendingDelete;
    if (deleteTimer) clearTimeout(deleteTimer);
    deleteTimer = null;
    if (!take) return;
    set({ pendingDelete: null });
    const result = await studio().takes.delete({ takeId: take.id });
    if (!result.ok) {
      useStatusStore.getState().api.report(result.error);
      return;
    }
    set((s) => ({
      takes: s.takes.filter((t) => t.id !== take.id),
      compare: {
        a: s.compare.a === take.id ? null : s.compare.a,
        b: s.compare.b === take.id ? null : s.compare.b,
      },
    }));
  };

  return {
    takes: [],
    selectedId: null,
    pendingDelete: null,
    compare: { a: null, b: null },
    api: {
      async load() {
        const result = await studio().takes.list({});
        if (result.ok) get().api.received(result.value);
        else useStatusStore.getState().api.report(result.error);
      },
      received: (takes) => set({ takes: [...takes].sort((x, y) => y.createdAt.localeCompare(x.createdAt)) }),
      select: (takeId) => set({ selectedId: takeId }),
      async rename(takeId, name) {
        const trimmed = name.trim();
        if (!trimmed) return false;
        const result = await studio().takes.rename({ takeId, name: trimmed });
        if (!result.ok) {
          useStatusStore.getState().api.report(result.error);
          return false;
        }
        set((s) => ({ takes: s.takes.map((t) => (t.id === takeId ? result.value : t)) }));
        return true;
      },
      remove(takeId) {
        void commitDelete();
        const take = get().takes.find((t) => t.id === takeId);
        if (!take) return;
        set((s) => ({ pendingDelete: take, selectedId: s.selectedId === takeId ? null : s.selectedId }));
        deleteTimer = setTimeout(() => void commitDelete(), UNDO_DELETE_MS);
      },
      undoRemove() {
        if (deleteTimer) clearTimeout(deleteTimer);
        deleteTimer = null;
        set({ pendingDelete: null });
      },
      setCompare: (slot, takeId) => set((s) => ({ compare: { ...s.compare, [slot]: takeId } })),
    },
  };
});
