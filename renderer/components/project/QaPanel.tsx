import { useShallow } from 'zustand/react/shallow';
import type { Project } from '../../../shared/project';
import type { QaFinding, QaKind } from '../../../shared/project-session';
import { useProjectExportStore } from '../../stores/useProjectExportStore';
import { useViewStore } from '../../stores/useViewStore';
import { focusBlockElement } from './project-commands';
import { Problem } from '../Problem';

const KIND_WORDS: Record<QaKind, string> = {
  'speaking-rate': 'Speaking rate',
  loudness: 'Loudness',
  clipped: 'Clipped',
  'near-silent': 'Near silent',
};

/** Where a finding's block is, in words ("Chapter 2, block 5"). */
function placeOf(project: Project, finding: QaFinding): string {
  const chapterIndex = project.chapters.findIndex((c) => c.id === finding.chapterId);
  const chapter = project.chapters[chapterIndex];
  const blockIndex = chapter?.blocks.findIndex((b) => b.id === finding.blockId) ?? -1;
  if (!chapter || blockIndex < 0) return 'a block no longer in the project';
  return `${chapter.title || `Chapter ${chapterIndex + 1}`}, block ${blockIndex + 1}`;
}

/** Goes to a block of any chapter and puts the keyboard on it. */
export function jumpToBlock(chapterId: string, blockId: string): void {
  useViewStore.getState().api.focusBlock(blockId, { chapterId });
  requestAnimationFrame(() => focusBlockElement(blockId));
}

/** The QA pass: takes that stand out (speaking rate, loudness, clipping, near silence); click one to go to it. */
export function QaPanel({ project }: { project: Project }) {
  const { findings, checking, qaError, runQa } = useProjectExportStore(
    useShallow((s) => ({ findings: s.findings, checking: s.checking, qaError: s.qaError, runQa: s.api.runQa })),
  );
  return (
    <div className="side__body qa">
      <p className="note">Checks every block’s take in use against the rest of the project.</p>
      <button type="button" className="button button--small" disabled={checking} onClick={() => void runQa(null)}>
        {checking ? 'Checking…' : findings ? 'Check again' : 'Run QA'}
      </button>
      <Problem error={qaError} />
      {findings && findings.length === 0 && <p className="empty">Nothing stands out. Every take is within range.</p>}
      {findings && findings.length > 0 && (
        <ul className="plain-list findings" aria-label="QA findings">
          {findings.map((finding, i) => (
            <li key={`${finding.blockId}-${finding.kind}-${i}`}>
              <button type="button" className="finding" onClick={() => jumpToBlock(finding.chapterId, finding.blockId)}>
                <span className={`finding__kind finding__kind--${finding.kind}`}>{KIND_WORDS[finding.kind]}</span>
                <span className="finding__place">{placeOf(project, finding)}</span>
                <span className="finding__message">{finding.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
