import { create } from 'zustand';
import type { StudioErrorInfo } from '../../shared/errors';
import type { Project } from '../../shared/project';
import { useProjectStore } from './useProjectStore';
import { useStatusStore } from './useStatusStore';

/** Typing is sent once the hand rests this long (and at once when the block loses focus). */
export const SEND_AFTER_MS = 600;

export interface BlockDraft {
  /** What the user typed, shown instead of the project's text until the project holds it. */
  text: string;
  sending: boolean;
  /** Why the engine refused the last send; the text stays here until it is accepted. */
  error: StudioErrorInfo | null;
}

interface DraftsState {
  drafts: Record<string, BlockDraft>;
  api: {
    type(blockId: string, text: string): void;
    /** Sends a block's draft now. */
    flush(blockId: string): Promise<void>;
    /** Sends every draft now (Ctrl+S, closing); answers why one was refused, null when all were taken. */
    flushAll(): Promise<StudioErrorInfo | null>;
  };
}

const BACKUP_PREFIX = 'voice-studio:block-drafts:';

/*
 * Unsent text is also kept in local storage per project, so a reload or a crash of the page
 * between a keystroke and the engine's answer loses nothing: it is offered again on the next open.
 */
function readBackup(projectId: string): Record<string, string> {
  try {
    const raw = localStorage.getItem(BACKUP_PREFIX + projectId);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(
      Object.entries(parsed as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string'),
    );
  } catch {
    return {};
  }
}

function writeBackup(projectId: string, drafts: Record<string, BlockDraft>): void {
  try {
    const texts = Object.fromEntries(Object.entries(drafts).map(([id, d]) => [id, d.text]));
    if (Object.keys(texts).length) localStorage.setItem(BACKUP_PREFIX + projectId, JSON.stringify(texts));
    else localStorage.removeItem(BACKUP_PREFIX + projectId);
  } catch {
    // Storage full or disabled: the drafts stay in memory, only the backup is lost.
  }
}

function blockTexts(project: Project): Map<string, string> {
  const texts = new Map<string, string>();
  for (const chapter of project.chapters) for (const block of chapter.blocks) texts.set(block.id, block.text);
  return texts;
}

const timers = new Map<string, ReturnType<typeof setTimeout>>();
/** The send in flight per block: sends of one block go one after the other, in typing order. */
const inFlight = new Map<string, Promise<void>>();

/**
 * Block text being typed. A draft lives until the engine's copy of the project holds the same
 * text; a refused send keeps it (with the reason) so typing is never lost.
 */
export const useBlockDraftsStore = create<DraftsState>()((set, get) => {
  const projectId = () => useProjectStore.getState().snapshot?.project.id ?? null;

  const update = (blockId: string, change: Partial<BlockDraft>) => {
    const draft = get().drafts[blockId];
    if (draft) set({ drafts: { ...get().drafts, [blockId]: { ...draft, ...change } } });
  };

  /** Drops drafts the project now holds, and those of blocks that are gone. */
  const settle = () => {
    const project = useProjectStore.getState().snapshot?.project;
    const drafts = get().drafts;
    if (!project || Object.keys(drafts).length === 0) return;
    const texts = blockTexts(project);
    const kept = Object.fromEntries(
      Object.entries(drafts).filter(
        ([id, d]) => texts.has(id) && (timers.has(id) || d.sending || texts.get(id) !== d.text),
      ),
    );
    if (Object.keys(kept).length === Object.keys(drafts).length) return;
    set({ drafts: kept });
    writeBackup(project.id, kept);
  };

  const send = async (blockId: string) => {
    const timer = timers.get(blockId);
    if (timer) clearTimeout(timer);
    timers.delete(blockId);
    await inFlight.get(blockId);
    const draft = get().drafts[blockId];
    if (!draft) return;
    const text = draft.text;
    update(blockId, { sending: true });
    const sending = useProjectStore
      .getState()
      .api.edit([{ op: 'update-block', blockId, text }])
      .then((error) => {
        update(blockId, { sending: false, error });
        settle();
      });
    inFlight.set(blockId, sending);
    await sending;
    if (inFlight.get(blockId) === sending) inFlight.delete(blockId);
  };

  /** A newly opened project: its unsent text from an earlier session comes back and is sent. */
  const restore = (project: Project) => {
    const texts = blockTexts(project);
    const restored: Record<string, BlockDraft> = {};
    for (const [id, text] of Object.entries(readBackup(project.id))) {
      if (texts.has(id) && texts.get(id) !== text) restored[id] = { text, sending: false, error: null };
    }
    set({ drafts: restored });
    writeBackup(project.id, restored);
    const count = Object.keys(restored).length;
    if (!count) return;
    useStatusStore
      .getState()
      .api.notify(`Restored ${count === 1 ? 'an unsaved block edit' : `${count} unsaved block edits`} from last time.`);
    for (const id of Object.keys(restored)) void send(id);
  };

  useProjectStore.subscribe((state, previous) => {
    const project = state.snapshot?.project;
    if (project?.id !== previous.snapshot?.project.id) {
      timers.forEach((t) => clearTimeout(t));
      timers.clear();
      if (project) restore(project);
      else set({ drafts: {} });
    } else if (state.snapshot !== previous.snapshot) settle();
  });

  return {
    drafts: {},
    api: {
      type(blockId, text) {
        const draft = get().drafts[blockId];
        const drafts = { ...get().drafts, [blockId]: { sending: false, error: null, ...draft, text } };
        set({ drafts });
        const id = projectId();
        if (id) writeBackup(id, drafts);
        const timer = timers.get(blockId);
        if (timer) clearTimeout(timer);
        timers.set(
          blockId,
          setTimeout(() => void send(blockId), SEND_AFTER_MS),
        );
      },
      flush: (blockId) => (get().drafts[blockId] ? send(blockId) : Promise.resolve()),
      async flushAll() {
        await Promise.all(Object.keys(get().drafts).map((id) => send(id)));
        return Object.values(get().drafts).find((d) => d.error)?.error ?? null;
      },
    },
  };
});
