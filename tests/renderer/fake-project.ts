import { applyLexicon, affectedBy } from '../../electron/engine/lexicon/apply-lexicon';
import { describeIssues, StudioError } from '../../shared/errors';
import type {
  EventChannel,
  EventPayloads,
  InvokeChannel,
  InvokeRequest,
  InvokeResponses,
} from '../../shared/ipc-contract';
import { LOUDNESS_PRESETS } from '../../shared/loudness';
import { LexiconEntrySchema, type LexiconEntry } from '../../shared/lexicon';
import { estimateCost } from '../../shared/models';
import {
  DEFAULT_PAUSES,
  PROJECT_FORMAT_VERSION,
  type Block,
  type Project,
  type Speaker,
  type SpeakerVoice,
  type Take,
} from '../../shared/project';
import { applyProjectEdits, type ProjectEdit } from '../../shared/project-edits';
import {
  IDLE_RENDER_QUEUE,
  type BlockStatus,
  type DeliveryReport,
  type ProjectExportRequest,
  type ProjectExportResult,
  type ProjectSnapshot,
  type QaFinding,
  type RecentProjectSummary,
  type RenderQueueStatus,
  type RenderScope,
} from '../../shared/project-session';

type Emit = <E extends EventChannel>(event: E, payload: EventPayloads[E]) => void;

export type ProjectChannel = Extract<InvokeChannel, `project:${string}` | `render:${string}` | `lexicon:${string}`>;
type Handler<C extends InvokeChannel> = (request: InvokeRequest<C>) => InvokeResponses[C] | Promise<InvokeResponses[C]>;
export type ProjectHandlers = { [C in ProjectChannel]: Handler<C> };

/**
 * A stand-in for the engine's script import (electron/engine/project/import-script.ts, which is
 * Node code): `#` headings start chapters, blank lines separate blocks.
 */
function splitScript(text: string, title: string): Array<{ title: string; blocks: string[] }> {
  const chapters: Array<{ title: string; blocks: string[] }> = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    const lines = paragraph.trim().split('\n');
    const heading = /^#{1,2}\s+(.*)$/.exec(lines[0] ?? '');
    if (heading) chapters.push({ title: heading[1]!.trim(), blocks: [] });
    const body = (heading ? lines.slice(1) : lines).join(' ').trim();
    if (!body) continue;
    if (!chapters.length) chapters.push({ title, blocks: [] });
    chapters[chapters.length - 1]!.blocks.push(body);
  }
  return chapters;
}

const NARRATOR: Speaker = {
  id: 'sp-narrator',
  name: 'Narrator',
  voice: { engine: 'offline', voiceId: 'offline:slt', modelId: 'async_flash_v1.0' },
};

/** A project as project.json holds it, with chapters of `[id, text]` blocks spoken by the narrator. */
export function makeProject(
  name: string,
  chapters: Array<{ id: string; title: string; blocks: Array<[string, string]> }> = [],
  fields: Partial<Project> = {},
): Project {
  return {
    formatVersion: PROJECT_FORMAT_VERSION,
    id: 'proj-1',
    name,
    createdAt: '2025-03-01T09:00:00.000Z',
    updatedAt: '2025-03-01T09:00:00.000Z',
    cast: [NARRATOR],
    defaults: { speakerId: NARRATOR.id, pauses: { ...DEFAULT_PAUSES }, exportPresetId: LOUDNESS_PRESETS[0].id },
    lexicon: [],
    chapters: chapters.map((c) => ({
      id: c.id,
      title: c.title,
      blocks: c.blocks.map(([id, text]) => ({
        id,
        text,
        speakerId: NARRATOR.id,
        locked: false,
        pauseAfterMs: null,
        takes: [],
        selectedTakeId: null,
      })),
    })),
    ...fields,
  };
}

const ORDINALS = ['First', 'Second', 'Third', 'Fourth', 'Fifth', 'Sixth', 'Seventh', 'Eighth'];
const CHAPTER_TITLES = ['One', 'Two', 'Three', 'Four'];

/**
 * "Book": chapters One, Two… of the given numbers of blocks, numbered b1, b2… across the book and
 * reading "First.", "Second."…: for tests where only the structure matters, not the words.
 */
export function makeBook(...blocksPerChapter: number[]): Project {
  let n = 0;
  return makeProject(
    'Book',
    blocksPerChapter.map((count, c) => ({
      id: `c${c + 1}`,
      title: CHAPTER_TITLES[c]!,
      blocks: Array.from({ length: count }, (): [string, string] => {
        n += 1;
        return [`b${n}`, `${ORDINALS[n - 1]!}.`];
      }),
    })),
  );
}

const sameVoice = (a: Omit<SpeakerVoice, 'engine'>, b: SpeakerVoice) =>
  a.voiceId === b.voiceId &&
  a.modelId === b.modelId &&
  (a.language ?? null) === (b.language ?? null) &&
  a.speed === b.speed &&
  a.stability === b.stability;

export interface FakeProjectEngine {
  handlers: ProjectHandlers;
  project: Project | null;
  dir: string;
  revision: number;
  saved: boolean;
  recent: RecentProjectSummary[];
  queue: RenderQueueStatus;
  /** Blocks actually sent for synthesis (not served from the cache), in order: the fake's "simulator recording". */
  sent: string[];
  /** What `project:open` with no folder (the native dialog) returns. */
  dialogPick: string | null;
  qaFindings: QaFinding[];
  /** Builds the export's result; the default passes every check. */
  exportResult(request: ProjectExportRequest): ProjectExportResult;
  /** Opens `project` as if the user had (no event is sent: the page asks with project:get). */
  install(project: Project, dir?: string): void;
  snapshot(): ProjectSnapshot | null;
  /** Autosave finished: a `saved` notice for the current revision. */
  autosave(): void;
  /** The engine changes the project on its own (another window, a finished render): applied and announced. */
  applyFromEngine(edits: ProjectEdit[]): void;
  /** Renders the next queued block (from the cache when it holds the same inputs). */
  renderNext(): void;
  renderAll(): void;
  /** The next queued block fails with `error`; the queue goes on. */
  failNext(error: StudioError): void;
  /** The queue pauses (a 429 or a dropped network) until `resumesAt`. */
  wait(message: string, resumesAt: string): void;
}

/**
 * The project side of the fake engine: one open project, edits applied with the shared reducer and
 * announced as `project:changed` (statuses worked out from takes and the lexicon, as the engine
 * does), a render queue the test advances block by block, lexicon preview, export and QA.
 */
export function createFakeProjectEngine(emit: Emit): FakeProjectEngine {
  let status: Record<string, BlockStatus> = {};
  const queueState = new Map<string, BlockStatus>();
  let jobs: Array<{ blockId: string; regenerate: boolean }> = [];
  const cache = new Set<string>();
  let takeCount = 0;

  const blocks = (project: Project): Block[] => project.chapters.flatMap((c) => c.blocks);
  const voiceOf = (project: Project, block: Block) => project.cast.find((s) => s.id === block.speakerId)!.voice;
  const sentText = (project: Project, block: Block) => applyLexicon(block.text, project.lexicon).sent;
  const cacheKey = (project: Project, block: Block) =>
    JSON.stringify([sentText(project, block), voiceOf(project, block)]);

  const baseStatus = (project: Project, block: Block): BlockStatus => {
    const queued = queueState.get(block.id);
    if (queued) return queued;
    if (!block.text.trim()) return { state: 'empty' };
    const take = block.takes.find((t) => t.id === block.selectedTakeId);
    const ready =
      take &&
      take.provenance.text === sentText(project, block) &&
      sameVoice(take.provenance.voice, voiceOf(project, block));
    return { state: ready ? 'ready' : 'stale' };
  };

  /** Works every block's status out again and returns the ones that changed. */
  const restatus = (): Record<string, BlockStatus> => {
    const project = engine.project;
    if (!project) return {};
    const next: Record<string, BlockStatus> = {};
    const changed: Record<string, BlockStatus> = {};
    for (const block of blocks(project)) {
      next[block.id] = baseStatus(project, block);
      if (JSON.stringify(next[block.id]) !== JSON.stringify(status[block.id])) changed[block.id] = next[block.id]!;
    }
    status = next;
    return changed;
  };

  const open = (): Project => {
    if (!engine.project) throw new StudioError({ code: 'BAD_INPUT', message: 'No project is open.' });
    return engine.project;
  };

  /** Applies edits and announces them with the statuses they changed (the engine bumps the revision for each). */
  const announce = (edits: ProjectEdit[]) => {
    const project = open();
    engine.project = applyProjectEdits(project, edits);
    // A failure belongs to the text that failed: an edited block gets a fresh chance.
    for (const edit of edits)
      if (edit.op === 'update-block' && queueState.get(edit.blockId)?.state === 'failed')
        queueState.delete(edit.blockId);
    engine.revision++;
    if (edits.length) engine.saved = false;
    emit('project:changed', {
      projectId: project.id,
      revision: engine.revision,
      edits,
      status: restatus(),
      saved: engine.saved,
    });
  };

  const progress = () => emit('render:progress', { ...engine.queue, current: [...engine.queue.current] });

  const scopeBlocks = (project: Project, scope: RenderScope, regenerate: boolean) => {
    const all =
      scope.kind === 'chapter'
        ? (project.chapters.find((c) => c.id === scope.chapterId)?.blocks ?? [])
        : blocks(project);
    const candidates = scope.kind === 'blocks' ? all.filter((b) => scope.blockIds.includes(b.id)) : all;
    const locked = scope.kind === 'blocks' ? [] : candidates.filter((b) => b.locked);
    const chosen = candidates.filter(
      (b) =>
        b.text.trim() &&
        (scope.kind === 'blocks' || !b.locked) &&
        (regenerate || scope.kind === 'blocks' || status[b.id]?.state !== 'ready'),
    );
    return { chosen, locked };
  };

  const makeTake = (project: Project, block: Block): Take => {
    takeCount++;
    const voice = voiceOf(project, block);
    const { engine: voiceEngine, ...rest } = voice;
    return {
      id: `take-${takeCount}`,
      file: `take-${takeCount}.wav`,
      createdAt: new Date(Date.UTC(2025, 2, 1, 10, takeCount)).toISOString(),
      cacheKey: `key-${takeCount}`,
      provenance: {
        text: sentText(project, block),
        voice: rest,
        engine: voiceEngine,
        transport: 'ws',
        sampleRate: 44100,
        durationSeconds: Math.max(0.5, block.text.length / 15),
        timings: { timeToFirstAudioMs: 140, totalMs: 900 },
      },
    };
  };

  const finishJob = (outcome: { error?: StudioError }) => {
    const job = jobs.shift();
    if (!job) return;
    const project = open();
    const block = blocks(project).find((b) => b.id === job.blockId);
    queueState.delete(job.blockId);
    const q = engine.queue;
    q.done++;
    q.current = jobs[0] ? [jobs[0].blockId] : [];
    if (jobs[0]) queueState.set(jobs[0].blockId, { state: 'rendering' });
    if (block && !outcome.error) {
      const key = cacheKey(project, block);
      if (job.regenerate || !cache.has(key)) engine.sent.push(block.id);
      cache.add(key);
      q.charactersDone += sentText(project, block).length;
      announce([{ op: 'add-take', blockId: block.id, take: makeTake(project, block), select: true }]);
    } else {
      q.failed++;
      if (outcome.error) queueState.set(job.blockId, { state: 'failed', error: outcome.error.toInfo() });
      announce([]);
    }
    if (!jobs.length)
      Object.assign(q, { state: 'idle', current: [], secondsLeft: null, message: null, resumesAt: null });
    else q.secondsLeft = jobs.length * 2;
    progress();
  };

  const engine: FakeProjectEngine = {
    project: null,
    dir: '',
    revision: 0,
    saved: true,
    recent: [],
    queue: { ...IDLE_RENDER_QUEUE },
    sent: [],
    dialogPick: null,
    qaFindings: [],
    exportResult(request) {
      const project = open();
      const preset = LOUDNESS_PRESETS.find((p) => p.id === request.presetId);
      const names =
        request.scope.kind === 'chapters'
          ? project.chapters.map((c, i) => `${String(i + 1).padStart(2, '0')} ${c.title}`)
          : [project.name];
      const reports: DeliveryReport[] = names.map((name) => ({
        fileName: `${name}.${request.format}`,
        presetId: request.presetId,
        presetLabel: preset?.label ?? 'No preset',
        passed: true,
        checks: [
          { label: 'Integrated loudness', value: -16.02, unit: 'LUFS', limit: 'between -17 and -15', passed: true },
          { label: 'True peak', value: -1.6, unit: 'dBTP', limit: 'at most -1', passed: true },
        ],
        measured: {
          integratedLufs: -16.02,
          loudnessRangeLu: 4,
          truePeakDbtp: -1.6,
          samplePeakDbfs: -1.9,
          rmsDbfs: -19,
        },
        durationSeconds: 42,
        reportFileName: `${name}.report.txt`,
      }));
      return {
        files: reports.flatMap((r) => [
          {
            fileName: r.fileName,
            kind: 'audio' as const,
            format: request.format,
            path: `${engine.dir}/exports/${r.fileName}`,
            downloadUrl: null,
          },
          {
            fileName: r.reportFileName,
            kind: 'report' as const,
            format: 'txt' as const,
            path: `${engine.dir}/exports/${r.reportFileName}`,
            downloadUrl: null,
          },
        ]),
        reports,
        chapterMarkers: request.format === 'ogg' ? 0 : project.chapters.length,
      };
    },
    install(project, dir = `/home/user/Projects/${project.name}`) {
      engine.project = project;
      engine.dir = dir;
      engine.revision = 1;
      engine.saved = true;
      status = {};
      restatus();
      if (!engine.recent.some((r) => r.dir === dir)) {
        engine.recent.unshift({ dir, name: project.name, openedAt: '2025-03-02T08:30:00.000Z' });
      }
    },
    snapshot() {
      if (!engine.project) return null;
      return {
        dir: engine.dir,
        project: engine.project,
        revision: engine.revision,
        status: { ...status },
        recoveredFromBackup: false,
        messages: [],
        saved: engine.saved,
      };
    },
    autosave() {
      const project = open();
      engine.saved = true;
      engine.revision++;
      emit('project:changed', { projectId: project.id, revision: engine.revision, edits: [], status: {}, saved: true });
    },
    applyFromEngine: (edits) => announce(edits),
    renderNext: () => finishJob({}),
    renderAll() {
      while (jobs.length) finishJob({});
    },
    failNext: (error) => finishJob({ error }),
    wait(message, resumesAt) {
      Object.assign(engine.queue, { state: 'waiting', message, resumesAt });
      progress();
    },
    handlers: {
      'project:recent': () => engine.recent,
      'project:create': ({ name }) => {
        engine.install(makeProject(name, [], { id: `proj-${name.length}-${engine.recent.length + 1}` }));
        return engine.snapshot()!;
      },
      'project:open': ({ dir }) => {
        const target = dir ?? engine.dialogPick;
        if (target === null) return null;
        const known = engine.recent.find((r) => r.dir === target);
        if (!known)
          throw new StudioError({
            code: 'NOT_FOUND',
            message: `There is no project in ${target}.`,
            hint: 'Pick one from the recent list.',
          });
        // Another project has an id of its own, as a real one does.
        const project =
          engine.project?.name === known.name
            ? engine.project
            : makeProject(known.name, [], { id: `proj-${known.name}` });
        engine.install(project, target);
        return engine.snapshot()!;
      },
      'project:save-as': ({ name }) => {
        engine.install({ ...open(), name }, `/home/user/Projects/${name}`);
        return engine.snapshot()!;
      },
      'project:close': () => {
        engine.project = null;
        return { closed: true as const };
      },
      'project:get': () => engine.snapshot(),
      'project:edit': ({ edits }) => {
        announce(edits);
        return { revision: engine.revision };
      },
      'project:import-script': ({ fileName, text }) => {
        const project = open();
        const added = splitScript(text, fileName.replace(/\.[^.]+$/, '')).map((chapter, c) => ({
          id: `imp-${engine.revision}-${c + 1}`,
          title: chapter.title,
          blocks: chapter.blocks.map((blockText, b) => ({
            id: `imp-${engine.revision}-${c + 1}-${b + 1}`,
            text: blockText,
            speakerId: project.defaults.speakerId,
          })),
        }));
        announce(added.map((chapter) => ({ op: 'add-chapter' as const, chapter })));
        return { chapters: added.length, blocks: added.reduce((n, c) => n + c.blocks.length, 0) };
      },
      'project:export': async (request) => {
        emit('project:export-progress', { fraction: 0.25, stage: 'Joining takes' });
        emit('project:export-progress', { fraction: 0.8, stage: 'Measuring loudness' });
        return engine.exportResult(request);
      },
      'project:qa': () => engine.qaFindings,
      'render:estimate': ({ scope, regenerate }) => {
        const project = open();
        const { chosen, locked } = scopeBlocks(project, scope, regenerate);
        const billed = chosen.filter((b) => regenerate || !cache.has(cacheKey(project, b)));
        const characters = billed.reduce((n, b) => n + sentText(project, b).length, 0);
        const async = billed.some((b) => voiceOf(project, b).engine === 'async');
        return {
          blocks: chosen.length,
          cachedBlocks: chosen.length - billed.length,
          lockedBlocks: locked.length,
          characters,
          priceUsd: async ? estimateCost('x'.repeat(characters), 'async_flash_v1.0').usd : null,
          audioSecondsEstimate: characters / 15,
        };
      },
      'render:start': ({ scope, regenerate }) => {
        const project = open();
        const locked =
          scope.kind === 'blocks' ? blocks(project).find((b) => b.locked && scope.blockIds.includes(b.id)) : null;
        if (locked)
          throw new StudioError({
            code: 'BAD_INPUT',
            message: `Block ${locked.id} is locked.`,
            hint: 'Unlock it first to render it again.',
          });
        const { chosen } = scopeBlocks(project, scope, regenerate);
        jobs = chosen.map((b) => ({ blockId: b.id, regenerate }));
        for (const [i, job] of jobs.entries()) queueState.set(job.blockId, { state: i === 0 ? 'rendering' : 'queued' });
        Object.assign(engine.queue, {
          state: jobs.length ? 'running' : 'idle',
          total: jobs.length,
          done: 0,
          failed: 0,
          current: jobs[0] ? [jobs[0].blockId] : [],
          charactersTotal: chosen.reduce((n, b) => n + sentText(project, b).length, 0),
          charactersDone: 0,
          secondsLeft: null,
          message: null,
          resumesAt: null,
        });
        announce([]);
        progress();
        return { ...engine.queue };
      },
      'render:cancel': () => {
        jobs = [];
        for (const [id, status] of queueState) if (status.state !== 'failed') queueState.delete(id);
        Object.assign(engine.queue, { state: 'idle', current: [], secondsLeft: null, message: null, resumesAt: null });
        announce([]);
        return { ...engine.queue };
      },
      'render:status': () => ({ ...engine.queue }),
      'lexicon:preview': ({ text }) => {
        const project = open();
        const result = applyLexicon(text, project.lexicon);
        return {
          sent: result.sent,
          spans: result.replacements.map((r) => ({ start: r.start, end: r.end, entryId: r.entryId })),
          affectedBlocks: blocks(project).filter((b) => affectedBy(b.text, project.lexicon).length > 0).length,
        };
      },
      'lexicon:import': ({ text }) => {
        const entries: LexiconEntry[] = [];
        const skipped: string[] = [];
        for (const [i, line] of text.split(/\r?\n/).slice(1).entries()) {
          if (!line.trim()) continue;
          const [match = '', kind = '', replacement = '', caseSensitive, wholeWord] = line.split(',');
          const parsed = LexiconEntrySchema.safeParse({
            id: `lex-${i + 1}`,
            match,
            kind,
            replacement,
            caseSensitive: caseSensitive === 'true',
            wholeWord: wholeWord !== 'false',
          });
          if (parsed.success) entries.push(parsed.data);
          else skipped.push(`line ${i + 2}: ${describeIssues(parsed.error)}`);
        }
        return { entries, skipped };
      },
      'lexicon:export': ({ format }) => ({
        path: `${engine.dir}/exports/lexicon.${format}`,
        downloadUrl: null,
        fileName: `lexicon.${format}`,
        durationSeconds: 0,
        integratedLufs: 0,
        truePeakDbtp: 0,
      }),
    },
  };
  return engine;
}
