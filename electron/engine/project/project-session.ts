import { describeIssues, StudioError } from '../../../shared/errors';
import { applyProjectEdits, type ProjectEdit } from '../../../shared/project-edits';
import type { BlockStatus, ProjectSnapshot } from '../../../shared/project-session';
import { ProjectSchema, type Block, type Project } from '../../../shared/project';
import { createLogger } from '../log';
import type { EmitEvent } from '../studio/dispatch';
import { createAutosave, type Autosave } from './autosave';
import { BlockKeys, baseStatus, blocksOf, blocksTouchedBy } from './block-keys';
import { saveProject, type OpenedProject } from './project-store';

const log = createLogger('project');

export interface ProjectSessionOptions {
  dir: string;
  opened: Pick<OpenedProject, 'project' | 'recoveredFromBackup' | 'messages'>;
  emit: EmitEvent;
  /** From the first unsaved change to the save; the default keeps a crash's loss under 2 s. */
  autosaveDelayMs?: number;
  now?: () => Date;
}

const sameStatus = (a: BlockStatus | undefined, b: BlockStatus) =>
  a !== undefined && a.state === b.state && a.error?.message === b.error?.message;

/**
 * The open project: the one copy the engine edits, saves and renders from. Every change, whether a
 * person made it or the engine did (a finished render, an import), is a batch of `ProjectEdit`s
 * applied here with the same reducer the UI runs, checked against ProjectSchema as a whole, then
 * sent to the UI as `project:changed` with the statuses it changed; the autosave writes it within
 * 2 s. Block statuses are recomputed only for the blocks a batch can have changed.
 */
export class ProjectSession {
  readonly dir: string;
  private project: Project;
  private revision = 0;
  private readonly keys = new BlockKeys();
  /** What the project itself says of each block: empty, stale or ready. */
  private readonly base = new Map<string, BlockStatus>();
  /** What the render queue says: queued, rendering, failed. It overrides the base status. */
  private readonly queue = new Map<string, BlockStatus>();
  /** The statuses the UI was last told, so events carry only changes. */
  private readonly told = new Map<string, BlockStatus>();
  /** Blocks whose queue status changed since the last event (sent together, once per tick). */
  private readonly queueChanged = new Set<string>();
  private queueEventDue = false;
  private readonly autosave: Autosave;
  private readonly emit: EmitEvent;
  private readonly now: () => Date;
  private readonly recoveredFromBackup: boolean;
  private readonly messages: string[];
  private closed = false;
  /** Until its first snapshot the UI knows nothing of this project, so changes before it are not announced. */
  private shown = false;

  constructor(options: ProjectSessionOptions) {
    this.dir = options.dir;
    this.project = options.opened.project;
    this.recoveredFromBackup = options.opened.recoveredFromBackup;
    this.messages = [...options.opened.messages];
    this.emit = options.emit;
    this.now = options.now ?? (() => new Date());
    for (const block of blocksOf(this.project)) this.base.set(block.id, baseStatus(block, this.key(block)));
    this.autosave = createAutosave({
      save: () => this.save(),
      delayMs: options.autosaveDelayMs,
      onError: (error) => log.warn(`Saving ${this.dir} failed (retrying): ${String(error)}`),
    });
  }

  get current(): Project {
    return this.project;
  }

  get saved(): boolean {
    return !this.autosave.dirty;
  }

  /** The block's render-cache key: its text through the lexicon, its speaker's voice, the render format. */
  key(block: Block): string {
    return this.keys.key(this.project, block);
  }

  /** Exactly what the engine is sent for a block. */
  sentText(block: Pick<Block, 'text'>): string {
    return this.keys.sentText(this.project, block);
  }

  compiledLexicon() {
    return this.keys.compiled(this.project.lexicon);
  }

  status(blockId: string): BlockStatus {
    return this.queue.get(blockId) ?? this.base.get(blockId) ?? { state: 'empty' };
  }

  /** Adds a note for the user to the next snapshot (what was recovered on opening, say). */
  note(message: string): void {
    this.messages.push(message);
  }

  snapshot(): ProjectSnapshot {
    this.shown = true;
    const status: Record<string, BlockStatus> = {};
    for (const block of blocksOf(this.project)) {
      status[block.id] = this.status(block.id);
      this.told.set(block.id, status[block.id]!);
    }
    return {
      dir: this.dir,
      project: this.project,
      revision: this.revision,
      status,
      recoveredFromBackup: this.recoveredFromBackup,
      messages: [...this.messages],
      saved: this.saved,
    };
  }

  /**
   * Applies a batch as one change: all of it or, when an edit fails or the result is not a valid
   * project, none of it (BAD_INPUT saying why). Returns the new revision.
   */
  apply(edits: readonly ProjectEdit[]): number {
    if (this.closed) throw new StudioError({ code: 'BAD_INPUT', message: 'This project has been closed.' });
    const before = this.project;
    const after = applyProjectEdits(before, edits);
    const checked = ProjectSchema.safeParse(after);
    if (!checked.success) {
      throw new StudioError({
        code: 'BAD_INPUT',
        message: `The change was refused: ${describeIssues(checked.error)}.`,
        hint: 'Nothing was changed. Correct it and try again.',
      });
    }
    this.project = after;
    const touched = blocksTouchedBy(edits, before, after);
    if (after.lexicon !== before.lexicon) for (const id of this.keys.relexicon(before.lexicon, after)) touched.add(id);
    const present = new Map<string, Block>();
    for (const block of blocksOf(after)) if (touched.has(block.id)) present.set(block.id, block);
    for (const id of touched) {
      const block = present.get(id);
      if (!block) {
        this.forget(id);
        continue;
      }
      this.base.set(id, baseStatus(block, this.key(block)));
      // A failure belongs to the inputs that failed; changed inputs get a fresh chance.
      if (this.queue.get(id)?.state === 'failed') this.queue.delete(id);
    }
    this.autosave.markDirty();
    this.announce(edits, [...present.keys()]);
    return this.revision;
  }

  /** The render queue's word on a block (null: it is done with it); told to the UI once per tick. */
  setQueueStatus(blockId: string, status: BlockStatus | null): void {
    if (!this.base.has(blockId)) return;
    if (status) this.queue.set(blockId, status);
    else this.queue.delete(blockId);
    this.queueChanged.add(blockId);
    if (this.queueEventDue) return;
    this.queueEventDue = true;
    queueMicrotask(() => {
      this.queueEventDue = false;
      const ids = [...this.queueChanged];
      this.queueChanged.clear();
      if (!this.closed) this.announce([], ids);
    });
  }

  /** Writes unsaved changes now (closing, quitting, copying the project). */
  flush(): Promise<void> {
    return this.autosave.flush();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.autosave.flush();
    } finally {
      this.closed = true;
      this.autosave.dispose();
    }
  }

  private forget(blockId: string): void {
    this.base.delete(blockId);
    this.queue.delete(blockId);
    this.told.delete(blockId);
    this.keys.forget(blockId);
  }

  /** One `project:changed`: the edits and the statuses of `candidates` the UI does not know yet. */
  private announce(edits: readonly ProjectEdit[], candidates: readonly string[]): void {
    const status: Record<string, BlockStatus> = {};
    for (const id of candidates) {
      if (!this.base.has(id)) continue;
      const now = this.status(id);
      if (sameStatus(this.told.get(id), now)) continue;
      status[id] = now;
      this.told.set(id, now);
    }
    if (!this.shown || (edits.length === 0 && Object.keys(status).length === 0)) return;
    this.revision++;
    this.emit('project:changed', {
      projectId: this.project.id,
      revision: this.revision,
      edits: [...edits],
      status,
      saved: this.saved,
    });
  }

  private async save(): Promise<void> {
    // The file says when it was last written; the copies in memory (here and in the UI) stay equal.
    await saveProject(this.dir, { ...this.project, updatedAt: this.now().toISOString() });
    // An edit made during the write is not on disk yet: the UI hears "saved" after the next save.
    if (this.shown && !this.autosave.dirty && !this.closed) {
      this.revision++;
      this.emit('project:changed', {
        projectId: this.project.id,
        revision: this.revision,
        edits: [],
        status: {},
        saved: true,
      });
    }
  }
}
