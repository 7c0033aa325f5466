import { resolve } from 'node:path';
import { StudioError } from '../../../shared/errors';
import { IDLE_RENDER_QUEUE, type BlockStatus, type ProjectSnapshot } from '../../../shared/project-session';
import type { Take } from '../../../shared/project';
import { createLogger } from '../log';
import { isStale } from '../render-cache/render-cache-key';
import type { EmitEvent, InvokeHandlers, StreamHandlers } from '../studio/dispatch';
import type { EnginePool } from '../studio/engine-pool';
import type { ExportTarget } from '../studio/export-take';
import { realTimer, type SetTimer } from '../studio/play-session';
import type { SettingsStore } from '../studio/settings-store';
import { blockById, blocksById, hasText } from './block-keys';
import { createCasting } from './casting';
import { exportProject } from './export-project';
import { reattachOrphanTakes } from './orphan-takes';
import { copyProject, newProjectDir } from './project-folders';
import { createLexiconPreview, exportLexicon, importLexiconFile } from './project-lexicon';
import { playChapter, playTake } from './project-play';
import { ProjectSession } from './project-session';
import { createProject, openProject } from './project-store';
import { qaPass } from './qa-pass';
import { openRecentProjects } from './recent-projects';
import { createBlockSynthesizer, type RenderJob } from './render-block';
import { blockPlace, planRender } from './render-plan';
import { createRenderQueue, type RenderQueue } from './render-queue';
import { scriptEdits } from './script-edits';

const log = createLogger('projects');

type ProjectChannel =
  | `project:${'recent' | 'create' | 'open' | 'save-as' | 'close' | 'get' | 'edit' | 'import-script' | 'export' | 'qa'}`
  | `render:${'estimate' | 'start' | 'cancel' | 'status'}`
  | `lexicon:${'preview' | 'import' | 'export'}`;

export interface ProjectServiceOptions {
  dataDir: string;
  emit: EmitEvent;
  pool: EnginePool;
  settings: SettingsStore;
  /** Where a lexicon export goes (the save dialog, or the web shell's downloads). */
  exportTarget: ExportTarget;
  /** The shell's native folder picker; absent where there is none (the web shell). Null: cancelled. */
  chooseProjectFolder?: () => Promise<string | null>;
  /** Web shell: offers a file already written (an export in the project's exports/ folder) for download. */
  share?: (path: string, fileName: string) => Promise<string | null>;
  setTimer?: SetTimer;
  /** Tests shorten the autosave delay. */
  autosaveDelayMs?: number;
}

export interface ProjectService {
  handlers: Pick<InvokeHandlers, ProjectChannel>;
  streams: Pick<StreamHandlers, 'project:play' | 'project:take-audio' | 'casting:play'>;
  /** Saves and closes the open project (a render in progress resumes when it is next opened). */
  close(): Promise<void>;
}

const QUEUE_STATES: ReadonlySet<BlockStatus['state']> = new Set(['queued', 'rendering', 'failed']);

interface OpenProject {
  session: ProjectSession;
  queue: RenderQueue;
}

/**
 * The long-form projects behind `project:*`, `render:*` and `lexicon:*`: one project open at a
 * time, in a ProjectSession (edits, statuses, autosave) with its render queue. Folders are
 * named by the engine (new projects go under `<dataDir>/projects/`) or by the shell's folder
 * picker, never by the page: `project:open` takes only a folder from the recent list.
 */
export function createProjectService(options: ProjectServiceOptions): ProjectService {
  const { emit } = options;
  const recent = openRecentProjects({ dataDir: options.dataDir });
  // Renders keep word timings for captions; an audition has no captions, so it goes as the live settings say.
  const synthesize = createBlockSynthesizer({ pool: options.pool, settings: options.settings, wordTimings: true });
  const audition = createBlockSynthesizer({ pool: options.pool, settings: options.settings });
  const lexiconPreview = createLexiconPreview();
  const closing = new AbortController();
  let open: OpenProject | null = null;
  /** One export at a time, refused rather than queued: the second click is most likely a repeat. */
  let exporting = false;
  // Opening, closing and copying run one at a time: two quick clicks must not open two projects.
  let lifecycle: Promise<unknown> = Promise.resolve();
  const serially = <T>(step: () => Promise<T>): Promise<T> => {
    const run = lifecycle.then(step);
    lifecycle = run.catch(() => undefined);
    return run;
  };

  const requireOpen = (): OpenProject => {
    if (open) return open;
    throw new StudioError({
      code: 'BAD_INPUT',
      message: 'No project is open.',
      hint: 'Open or create a project first.',
    });
  };

  const casting = createCasting({
    synthesize: audition,
    lexicon: () => open?.session.compiledLexicon() ?? [],
  });

  /**
   * Whether a queued job is still worth paying for as it starts: its block is there, unlocked, with
   * the inputs it was queued with. An explicit render of a locked block is refused when asked, so a
   * block locked since then was locked to keep what it has, and its job is dropped.
   */
  function stillWanted(session: ProjectSession, job: RenderJob): boolean {
    const block = blockById(session.current, job.blockId);
    return block !== undefined && !block.locked && session.key(block) === job.cacheKey;
  }

  /**
   * A finished render: its take joins the block, selected when it was made from the block's current
   * inputs and the block is not locked (a lock keeps the take the user chose).
   */
  function recordTake(session: ProjectSession, blockId: string, take: Take): void {
    session.setQueueStatus(blockId, null);
    const block = blockById(session.current, blockId);
    if (!block) {
      log.info(`Block ${blockId} was removed while it rendered; its audio ${take.file} stays in the folder.`);
      return;
    }
    try {
      const select = !block.locked && take.cacheKey === session.key(block);
      session.apply([{ op: 'add-take', blockId, take, select }]);
    } catch (error) {
      log.warn(`The take ${take.file} of block ${blockId} could not be recorded: ${String(error)}`);
    }
  }

  /** Jobs a killed or quit run left behind, for blocks that still need them as they were asked. */
  async function resume({ session, queue }: OpenProject): Promise<void> {
    const blocks = blocksById(session.current);
    const jobs: RenderJob[] = [];
    for (const job of await queue.unfinished()) {
      const block = blocks.get(job.blockId);
      if (!block || block.locked || !hasText(block) || session.key(block) !== job.cacheKey) continue;
      if (job.regenerate || isStale(block, job.cacheKey)) jobs.push(job);
    }
    if (jobs.length > 0) {
      log.info(`Resuming the render of ${jobs.length} block(s) in ${session.dir}.`);
      await queue.enqueue(jobs);
    }
  }

  async function closeOpen(): Promise<void> {
    const current = open;
    if (!current) return;
    // Saved first: if the disk refuses, the project stays open and nothing is lost.
    await current.session.flush();
    open = null;
    await current.queue.close();
    await current.session.close();
  }

  /** Opens a folder (closing the project open now only once this one has been read), and tells every window. */
  async function openAt(dir: string): Promise<ProjectSnapshot> {
    const folder = resolve(dir);
    if (open && open.session.dir === folder) return open.session.snapshot();
    const reading = await openProject(folder);
    await closeOpen();
    const session = new ProjectSession({
      dir: folder,
      opened: reading,
      emit,
      autosaveDelayMs: options.autosaveDelayMs,
    });
    const queue = createRenderQueue({
      dir: folder,
      synthesize,
      onTake: (blockId, take) => recordTake(session, blockId, take),
      onBlockStatus: (blockId, status) =>
        session.setQueueStatus(blockId, status && QUEUE_STATES.has(status.state) ? status : null),
      stillWanted: (job) => stillWanted(session, job),
      onProgress: (status) => emit('render:progress', status),
      transport: () => options.settings.get().transport,
    });
    const current: OpenProject = { session, queue };
    open = current;
    const recovered = await reattachOrphanTakes(session, reading.orphanAudio, options.settings.get().transport);
    if (recovered.length > 0) {
      session.note(`${recovered.length} finished render(s) that the last save did not list were recovered.`);
    }
    // The recent list is a convenience: a disk that refuses it must not leave the project half open.
    await recent
      .add(folder, session.current.name)
      .catch((error: unknown) => log.warn(`${folder} could not be added to the recent projects: ${String(error)}`));
    const snapshot = session.snapshot();
    emit('project:opened', snapshot);
    await resume(current).catch((error: unknown) =>
      log.warn(`The unfinished render could not resume: ${String(error)}`),
    );
    return snapshot;
  }

  const handlers: ProjectService['handlers'] = {
    'project:recent': () => recent.list(),
    'project:create': ({ name }) =>
      serially(async () => {
        const dir = newProjectDir(options.dataDir, name);
        await createProject(dir, name);
        return openAt(dir);
      }),
    'project:open': ({ dir }) =>
      serially(async () => {
        if (dir === null) {
          if (!options.chooseProjectFolder) {
            throw new StudioError({
              code: 'BAD_INPUT',
              message: 'This window cannot browse for a project folder.',
              hint: 'Pick the project from the recent list, or create a new one.',
            });
          }
          const chosen = await options.chooseProjectFolder();
          return chosen === null ? null : openAt(chosen);
        }
        const known = (await recent.list()).some((entry) => entry.dir === resolve(dir));
        if (!known) {
          throw new StudioError({
            code: 'BAD_INPUT',
            message: 'That folder is not one of the recent projects.',
            hint: 'Pick a project from the recent list, or use Open… to choose its folder.',
          });
        }
        return openAt(dir);
      }),
    'project:save-as': ({ name }) =>
      serially(async () => {
        const { session } = requireOpen();
        await session.flush();
        const dir = newProjectDir(options.dataDir, name);
        await copyProject(session.current, session.dir, dir, name);
        return openAt(dir);
      }),
    'project:close': () =>
      serially(async () => {
        const wasOpen = open !== null;
        await closeOpen();
        if (wasOpen) emit('project:opened', null);
        return { closed: true as const };
      }),
    'project:get': async () => open?.session.snapshot() ?? null,
    'project:edit': async ({ edits }) => ({ revision: requireOpen().session.apply(edits) }),
    'project:import-script': async ({ fileName, text }) => {
      const { session } = requireOpen();
      const { edits, chapters, blocks } = scriptEdits(session.current, fileName, text);
      session.apply(edits);
      return { chapters, blocks };
    },
    'project:export': async (request) => {
      const { session } = requireOpen();
      // Two exports at once could pick the same file names, and one's cleanup would delete the other's files.
      if (exporting) {
        throw new StudioError({
          code: 'BAD_INPUT',
          message: 'An export is already running.',
          hint: 'Wait for it to finish, then export again.',
        });
      }
      exporting = true;
      try {
        await session.flush();
        return await exportProject({
          dir: session.dir,
          project: session.current,
          request,
          share: options.share,
          onProgress: (fraction, stage) => emit('project:export-progress', { fraction, stage }),
          signal: closing.signal,
        });
      } finally {
        exporting = false;
      }
    },
    'project:qa': ({ chapterId }) => {
      const { session } = requireOpen();
      return qaPass(session.dir, session.current, chapterId);
    },
    'render:estimate': async ({ scope, regenerate }) =>
      (await planRender(requireOpen().session, scope, regenerate)).estimate,
    'render:start': async ({ scope, regenerate }) => {
      const { session, queue } = requireOpen();
      const plan = await planRender(session, scope, regenerate);
      const [lockedBlock] = plan.lockedNamed;
      if (lockedBlock) {
        throw new StudioError({
          code: 'BAD_INPUT',
          message: `The block at ${blockPlace(session.current, lockedBlock.id)} is locked.`,
          hint: 'Unlock it first to render it again.',
        });
      }
      return plan.jobs.length > 0 ? queue.enqueue(plan.jobs) : queue.status();
    },
    'render:cancel': () => requireOpen().queue.cancel(),
    'render:status': async () => open?.queue.status() ?? IDLE_RENDER_QUEUE,
    'lexicon:preview': async ({ text }) => {
      const { session } = requireOpen();
      return lexiconPreview(session.current, session.compiledLexicon(), text);
    },
    'lexicon:import': async (request) => importLexiconFile(request, requireOpen().session.current.lexicon),
    'lexicon:export': async ({ format }) => exportLexicon(requireOpen().session.current, format, options.exportTarget),
  };

  const streams: ProjectService['streams'] = {
    'project:play': (request, sink) =>
      playChapter(requireOpen().session, request, sink, { setTimer: options.setTimer ?? realTimer }),
    'project:take-audio': (request, sink) => playTake(requireOpen().session, request, sink),
    'casting:play': (request, sink) => casting.play(request, sink),
  };

  return {
    handlers,
    streams,
    close: () =>
      serially(async () => {
        closing.abort();
        casting.close();
        await closeOpen();
      }),
  };
}
