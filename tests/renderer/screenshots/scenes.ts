import { useCastingStore } from '../../../renderer/stores/useCastingStore';
import { useProjectPlaybackStore } from '../../../renderer/stores/useProjectPlaybackStore';
import { useProjectStore } from '../../../renderer/stores/useProjectStore';
import { useRenderStore } from '../../../renderer/stores/useRenderStore';
import { useViewStore } from '../../../renderer/stores/useViewStore';
import { StudioError } from '../../../shared/errors';
import { makeProject } from '../fake-project';
import type { FakeStudio } from '../fake-studio';

/** A short book as a creator would have it mid-way: two speakers, a lexicon, some blocks rendered, one failed. */
function book() {
  const project = makeProject(
    'The Lighthouse Keeper',
    [
      {
        id: 'c1',
        title: 'The Keeper',
        blocks: [
          ['b1', 'Every evening at six, Elias climbed the hundred and twelve steps of the lighthouse on Skerry Point.'],
          ['b2', '“Another storm,” he said to the gulls. They did not answer; they never did.'],
          ['b3', 'The lamp was older than he was, a first-order Fresnel lens brought from Paris in 1891.'],
          [
            'b4',
            'He wound the clockwork, trimmed the wick, and wrote the time in the log: 18:04, wind north-west, rising.',
          ],
          ['b5', 'Below, the sea had turned the colour of slate.'],
          ['b6', ''],
        ],
      },
      {
        id: 'c2',
        title: 'The Visitor',
        blocks: [
          ['b7', 'The knock came just after midnight.'],
          ['b8', '“I saw your light,” said the woman at the door. “I did not think anyone still lived out here.”'],
        ],
      },
      { id: 'c3', title: 'Morning', blocks: [['b9', 'By dawn the storm had passed.']] },
    ],
    {
      lexicon: [
        { id: 'l1', match: 'Skerry', kind: 'ipa', replacement: 'ˈskɛri', caseSensitive: false, wholeWord: true },
        { id: 'l2', match: 'Fresnel', kind: 'text', replacement: 'Fray-nell', caseSensitive: true, wholeWord: true },
        { id: 'l3', match: '18:04', kind: 'digits', replacement: '', caseSensitive: false, wholeWord: false },
      ],
    },
  );
  project.cast[0]!.voice = {
    engine: 'async',
    voiceId: 'v-ava',
    modelId: 'async_flash_v1.0',
    language: 'en',
    speed: 0.95,
  };
  project.cast.push({
    id: 'sp-visitor',
    name: 'The Visitor',
    voice: { engine: 'async', voiceId: 'v-carmen', modelId: 'async_flash_v1.0', stability: 60 },
  });
  project.chapters[1]!.blocks[1]!.speakerId = 'sp-visitor';
  project.chapters[0]!.blocks[4]!.pauseAfterMs = 1500;
  return project;
}

/** Renders the given blocks through the fake queue (takes with provenance, statuses ready). */
async function render(fake: FakeStudio, blockIds: string[]) {
  await fake.project.handlers['render:start']({ scope: { kind: 'blocks', blockIds }, regenerate: false });
  fake.project.renderAll();
}

async function openBook(fake: FakeStudio) {
  fake.project.install(book());
  fake.project.recent.push(
    { dir: '/home/user/Projects/Harbour Stories', name: 'Harbour Stories', openedAt: '2025-02-20T18:12:00.000Z' },
    { dir: '/home/user/Projects/Course — Module 3', name: 'Course — Module 3', openedAt: '2025-01-09T09:40:00.000Z' },
  );
  await render(fake, ['b1', 'b2', 'b3', 'b5', 'b7', 'b9']);
  // b2 was rendered twice (a second take, the first one still in use).
  await render(fake, ['b2']);
  fake.project.applyFromEngine([{ op: 'update-block', blockId: 'b3', locked: true }]);
  fake.project.applyFromEngine([]);
  fake.project.autosave();
  useViewStore.getState().api.setView('projects');
}

/** Resolves once `selector` matches (React renders and effects run over a few frames). */
async function onScreen(selector: string): Promise<void> {
  for (let frame = 0; frame < 300; frame++) {
    if (document.querySelector(selector)) return;
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
  throw new Error(`${selector} never appeared`);
}

export interface Scene {
  before(fake: FakeStudio): Promise<void>;
  after(fake: FakeStudio): Promise<void>;
}

const nothing = async () => {};

export const SCENES = {
  /** The project view at rest: chapter one, the current block with its takes open, cast panel. */
  project: {
    before: openBook,
    async after() {
      await onScreen('[data-block-id="b2"]');
      useViewStore.getState().api.focusBlock('b2', { chapterId: 'c1' });
      (document.querySelector('[data-block-id="b2"] .block__foot .link-button') as HTMLButtonElement).click();
      await onScreen('.takes-mini');
    },
  },
  /** A render running and waiting on a rate limit, a failed block, chapter playback on block 3, the estimate of another render. */
  render: {
    async before(fake) {
      await openBook(fake);
      fake.project.applyFromEngine([
        {
          op: 'update-block',
          blockId: 'b1',
          text: 'Every evening at six, Elias climbed the hundred and twelve steps of the old lighthouse on Skerry Point.',
        },
      ]);
      await fake.project.handlers['render:start']({ scope: { kind: 'stale' }, regenerate: false });
      fake.project.failNext(
        new StudioError({
          code: 'BAD_INPUT',
          message: 'Async Flash v1.0 cannot read this text: it is empty after the lexicon.',
          hint: 'Check the lexicon entries used in this block.',
        }),
      );
      fake.project.renderNext();
      fake.project.wait(
        'Async is rate-limiting requests (429). The queue waits and resumes by itself.',
        new Date(Date.now() + 14_000).toISOString(),
      );
    },
    async after() {
      await onScreen('[data-block-id="b5"]');
      useRenderStore.getState().api.progress({ ...useRenderStore.getState().queue, secondsLeft: 38 });
      useProjectPlaybackStore.setState({ status: 'playing', mode: 'chapter', subject: 'c1', heardBlockId: 'b3' });
    },
  },
  /** The estimate shown before a chapter render starts. */
  estimate: {
    before: openBook,
    async after() {
      await onScreen('.render-bar');
      const chapter = useProjectStore.getState().snapshot!.project.chapters[0]!;
      await useRenderStore
        .getState()
        .api.propose(
          { scope: { kind: 'chapter', chapterId: chapter.id }, regenerate: false },
          `Render “${chapter.title}”`,
        );
      await onScreen('.estimate');
    },
  },
  /** The lexicon panel with its live preview. */
  lexicon: {
    before: openBook,
    async after() {
      useViewStore.getState().api.focusBlock('b3', { chapterId: 'c1' });
      useViewStore.getState().api.setPanel('lexicon');
      await onScreen('.lexicon-preview__sent mark');
    },
  },
  /** The casting grid: three candidates, one picked. */
  casting: {
    before: openBook,
    async after(fake) {
      useViewStore.getState().api.focusBlock('b8', { chapterId: 'c2' });
      const cast = fake.project.project!.cast;
      useCastingStore.setState({
        speakerId: 'sp-visitor',
        line: 'I saw your light. I did not think anyone still lived out here.',
      });
      const api = useCastingStore.getState().api;
      api.add(cast[1]!.voice);
      api.add({ engine: 'async', voiceId: 'v-emi', modelId: 'async_flash_v1.0', speed: 1.1 });
      api.add({ engine: 'async', voiceId: 'v-carmen', modelId: 'async_flash_v1.0', stability: 30 });
      useViewStore.getState().api.setPanel('casting');
      await onScreen('.candidate');
      await api.pick(useCastingStore.getState().candidates[1]!.id, 'sp-visitor');
      (document.querySelectorAll('.candidate__name')[2] as HTMLButtonElement).click();
      await onScreen('.candidate .voice-editor');
    },
  },
  /** The export dialog after an export: files and a report with a failing check. */
  export: {
    async before(fake) {
      await openBook(fake);
      const base = fake.project.exportResult.bind(fake.project);
      fake.project.exportResult = (request) => {
        const result = base(request);
        const second = result.reports[1];
        if (second) {
          second.passed = false;
          second.checks = [
            { label: 'Integrated loudness', value: -16.1, unit: 'LUFS', limit: 'between -17 and -15', passed: true },
            { label: 'True peak', value: -0.4, unit: 'dBTP', limit: 'at most -1', passed: false },
          ];
        }
        return result;
      };
    },
    async after() {
      useViewStore.getState().api.showDialog('export');
      await onScreen('dialog[open]');
      (document.querySelectorAll('input[name="project-export-scope"]')[1] as HTMLInputElement).click();
      (document.querySelector('dialog button[type="submit"]') as HTMLButtonElement).click();
      await onScreen('.report');
    },
  },
  /** The project home with recent projects. */
  home: {
    before: openBook,
    async after() {
      useViewStore.getState().api.showHome(true);
      await onScreen('.recent-project');
    },
  },
  /** The studio view, with the view switch beside the engine switch. */
  studio: { before: nothing, after: () => onScreen('.workspace') },
} satisfies Record<string, Scene>;

export type SceneName = keyof typeof SCENES;
