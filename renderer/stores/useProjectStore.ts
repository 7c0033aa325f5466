import { create } from 'zustand';
import type { StudioErrorInfo } from '../../shared/errors';
import type { Result } from '../../shared/ipc-contract';
import type { Block, Chapter, Project } from '../../shared/project';
import { applyProjectEdits, type UserEdit } from '../../shared/project-edits';
import type { BlockStatus, ProjectChange, ProjectSnapshot, RecentProjectSummary } from '../../shared/project-session';
import { studio } from '../studio';
import { useStatusStore } from './useStatusStore';
import { useViewStore } from './useViewStore';

export type ProjectBusy = 'opening' | 'creating' | 'importing' | 'saving-as' | null;

interface ProjectState {
  /** The open project as the engine last described it, kept current with `project:changed`; null when none is open. */
  snapshot: ProjectSnapshot | null;
  recent: RecentProjectSummary[];
  busy: ProjectBusy;
  /** Why the last open, create or import failed, for the project home. */
  problem: StudioErrorInfo | null;
  api: {
    loadRecent(): Promise<void>;
    create(name: string): Promise<boolean>;
    /** A folder from the recent list, or null for the desktop app's folder dialog. */
    open(dir: string | null): Promise<boolean>;
    saveAs(name: string): Promise<StudioErrorInfo | null>;
    close(): Promise<void>;
    /** Asks the engine for the whole project again (after a missed change). */
    reload(): Promise<void>;
    opened(snapshot: ProjectSnapshot | null): void;
    changed(change: ProjectChange): void;
    /** Sends edits; the copy here changes when the engine's `project:changed` comes back. */
    edit(edits: UserEdit[]): Promise<StudioErrorInfo | null>;
    /** Like `edit`, with a refusal shown in the status bar. */
    editOrReport(edits: UserEdit[]): Promise<boolean>;
    importScript(fileName: string, text: string): Promise<{ chapters: number; blocks: number } | null>;
  };
}

/** A block's status, or what it must be when the engine has not said (no text, or no take yet). */
export function statusOf(snapshot: ProjectSnapshot, block: Block): BlockStatus {
  return (
    snapshot.status[block.id] ?? {
      state: !block.text.trim() ? 'empty' : block.selectedTakeId ? 'ready' : 'stale',
    }
  );
}

/** The chapter shown: the chosen one while it exists, else the first. */
export function chapterShown(project: Project, chapterId: string | null): Chapter | null {
  return project.chapters.find((c) => c.id === chapterId) ?? project.chapters[0] ?? null;
}

/** The block the keyboard is on: the chosen one while it is in the chapter, else the chapter's first. */
export function blockShown(chapter: Chapter, blockId: string | null): Block | null {
  return chapter.blocks.find((b) => b.id === blockId) ?? chapter.blocks[0] ?? null;
}

/** Ids for new chapters, blocks, speakers and lexicon entries (the contract's id alphabet). */
export function newId(): string {
  return crypto.randomUUID();
}

const report = (error: StudioErrorInfo) => useStatusStore.getState().api.report(error);

/**
 * The open project. The engine owns it: every change comes back as `project:changed` edits, which
 * are applied here with the engine's own reducer so both copies stay the same; a change that does
 * not follow on from the revision held (one was missed) makes this copy reload the whole project.
 */
export const useProjectStore = create<ProjectState>()((set, get) => {
  /** Changes that arrive while a reload is in flight, applied after it in order. */
  let reloading: Promise<void> | null = null;
  let heldBack: ProjectChange[] = [];

  const apply = (change: ProjectChange): 'applied' | 'ignored' | 'gap' => {
    const snapshot = get().snapshot;
    if (!snapshot || change.projectId !== snapshot.project.id) return 'ignored';
    const merged = { ...snapshot.status, ...change.status };
    if (change.revision <= snapshot.revision) {
      // A status or save notice for the revision held (queue progress, autosave); older ones are out of date.
      if (change.revision === snapshot.revision && change.edits.length === 0) {
        set({ snapshot: { ...snapshot, status: merged, saved: change.saved } });
        return 'applied';
      }
      return 'ignored';
    }
    if (change.revision !== snapshot.revision + 1) return 'gap';
    try {
      const project = applyProjectEdits(snapshot.project, change.edits);
      set({ snapshot: { ...snapshot, project, revision: change.revision, status: merged, saved: change.saved } });
      return 'applied';
    } catch {
      // The engine applied these edits to its copy, so this one has drifted: start again from the engine's.
      return 'gap';
    }
  };

  /** A request that opens a project (new, opened, saved as), `busy` meanwhile: what it answers becomes the open one. */
  const openFrom = async (busy: ProjectBusy, request: () => Promise<Result<ProjectSnapshot | null>>) => {
    set({ busy });
    const result = await request();
    set({ busy: null });
    if (result.ok && result.value) {
      get().api.opened(result.value);
      void get().api.loadRecent();
    }
    return result;
  };

  return {
    snapshot: null,
    recent: [],
    busy: null,
    problem: null,
    api: {
      async loadRecent() {
        const result = await studio().project.recent({});
        if (result.ok) set({ recent: result.value });
        else set({ problem: result.error });
      },
      async create(name) {
        set({ problem: null });
        const result = await openFrom('creating', () => studio().project.create({ name }));
        if (!result.ok) set({ problem: result.error });
        return result.ok;
      },
      async open(dir) {
        set({ problem: null });
        const result = await openFrom('opening', () => studio().project.open({ dir }));
        if (!result.ok) set({ problem: result.error });
        // Not opened when the folder dialog was cancelled.
        return result.ok && !!result.value;
      },
      async saveAs(name) {
        const result = await openFrom('saving-as', () => studio().project.saveAs({ name }));
        return result.ok ? null : result.error;
      },
      async close() {
        const result = await studio().project.close({});
        if (!result.ok) return report(result.error);
        get().api.opened(null);
      },
      reload() {
        reloading ??= (async () => {
          const result = await studio().project.get({});
          const pending = heldBack;
          heldBack = [];
          reloading = null;
          if (!result.ok) return report(result.error);
          set({ snapshot: result.value });
          for (const [index, change] of pending.entries()) {
            if (apply(change) !== 'gap') continue;
            // The answer was already out of date (a change came in between): hold the rest back and ask again.
            heldBack = pending.slice(index);
            return get().api.reload();
          }
        })();
        return reloading;
      },
      opened(snapshot) {
        const previous = get().snapshot;
        const previousId = previous?.project.id;
        // The engine announces an opened project as an event and as the answer to the request; changes
        // may come between the two, so the older of two copies of the same project is not taken.
        if (snapshot && previous && snapshot.project.id === previousId && snapshot.revision < previous.revision) return;
        heldBack = [];
        set({ snapshot, problem: null });
        if (snapshot && snapshot.project.id !== previousId) useViewStore.getState().api.projectChanged();
      },
      changed(change) {
        if (reloading) {
          heldBack.push(change);
          return;
        }
        if (apply(change) === 'gap') {
          heldBack.push(change);
          void get().api.reload();
        }
      },
      async edit(edits) {
        const snapshot = get().snapshot;
        if (!snapshot) return { code: 'BAD_INPUT', message: 'No project is open.', hint: 'Open or create a project.' };
        const result = await studio().project.edit({ revision: snapshot.revision, edits });
        return result.ok ? null : result.error;
      },
      async editOrReport(edits) {
        const error = await get().api.edit(edits);
        if (error) report(error);
        return !error;
      },
      async importScript(fileName, text) {
        set({ busy: 'importing', problem: null });
        const result = await studio().project.importScript({ fileName, text });
        set({ busy: null });
        if (!result.ok) {
          report(result.error);
          return null;
        }
        return result.value;
      },
    },
  };
});
