import { useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Chapter } from '../../../shared/project';
import type { RenderEstimate, RenderQueueStatus } from '../../../shared/project-session';
import { useClock } from '../../hooks/useClock';
import { typingTarget } from '../../hooks/useProjectShortcuts';
import { MOD_KEY } from '../../hooks/useShortcuts';
import { secondsUntil } from '../../lib/error-advice';
import { formatSeconds, formatUsd } from '../../lib/format';
import { useProjectPlaybackStore } from '../../stores/useProjectPlaybackStore';
import { useRenderStore, type RenderProposal } from '../../stores/useRenderStore';
import { proposeChapterRender, proposeStaleRender, togglePlayChapter } from './project-commands';
import { Problem } from '../Problem';

const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** The estimate in plain figures: what is sent, what the cache saves, what it costs. */
function EstimateFigures({ estimate }: { estimate: RenderEstimate }) {
  const sent = estimate.blocks - estimate.cachedBlocks;
  return (
    <ul className="estimate" aria-label="Estimate">
      <li>
        <strong>{count(estimate.blocks, 'block')}</strong>
        {estimate.cachedBlocks > 0 && ` · ${estimate.cachedBlocks} from the cache (free)`}
      </li>
      {estimate.lockedBlocks > 0 && <li>{count(estimate.lockedBlocks, 'locked block')} left out</li>}
      <li>
        {count(estimate.characters, 'character')} sent{sent > 0 ? ` in ${count(sent, 'request')}` : ''}
      </li>
      <li>{estimate.priceUsd === null ? 'no charge (offline engine)' : `about ${formatUsd(estimate.priceUsd)}`}</li>
      <li>about {formatSeconds(estimate.audioSecondsEstimate, 0)} of audio</li>
    </ul>
  );
}

/** What a render would do, shown before anything is sent; nothing starts until "Start render". */
function Proposal({ proposal }: { proposal: RenderProposal }) {
  const api = useRenderStore((s) => s.api);
  const { estimate, error } = proposal;
  const nothing = estimate !== null && estimate.blocks === 0;
  const start = useRef<HTMLButtonElement>(null);
  // Enter starts the render once its figures are shown (the keyboard path after Ctrl+Enter on a block).
  // Focus is left where the user is typing: a Space or Enter meant for the text must not start a billed render.
  useEffect(() => {
    if (!typingTarget(document.activeElement)) start.current?.focus();
  }, [estimate]);
  return (
    <div className="proposal" role="region" aria-label="Render estimate">
      <span className="proposal__label">{proposal.label}</span>
      {estimate ? (
        nothing ? (
          <span className="note">
            Nothing to render: every block in it is ready{estimate.lockedBlocks ? ' or locked' : ''}.
          </span>
        ) : (
          <EstimateFigures estimate={estimate} />
        )
      ) : (
        !error && <span className="note">Working out the cost…</span>
      )}
      <Problem error={error} />
      <span className="proposal__actions">
        {!nothing && (
          <button
            type="button"
            className="button button--primary button--small"
            ref={start}
            disabled={!estimate || proposal.starting}
            onClick={() => void api.confirm()}
          >
            {proposal.starting ? 'Starting…' : 'Start render'}
          </button>
        )}
        <button type="button" className="button button--small" onClick={api.dismiss}>
          {nothing ? 'OK' : 'Not now'}
        </button>
      </span>
    </div>
  );
}

/** The queue at work: blocks and characters done, time left, and why it waits when it does. */
function QueueProgress({ queue }: { queue: RenderQueueStatus }) {
  const cancel = useRenderStore((s) => s.api.cancel);
  const waiting = queue.state === 'waiting';
  const now = useClock(waiting && !!queue.resumesAt);
  const resumeIn = queue.resumesAt ? secondsUntil(Date.parse(queue.resumesAt), now) : null;
  const doneText = `${queue.done.toLocaleString()} of ${count(queue.total, 'block')} rendered`;
  return (
    <div className="queue" role="group" aria-label="Render progress">
      <progress value={queue.done} max={Math.max(1, queue.total)} aria-label="Blocks rendered" />
      <span className="queue__figures">
        <span aria-live="polite">
          {queue.state === 'cancelling' ? 'Cancelling…' : waiting ? 'Waiting' : 'Rendering'} · {doneText}
        </span>
        <span>
          {queue.charactersDone.toLocaleString()} / {count(queue.charactersTotal, 'character')}
        </span>
        {queue.secondsLeft !== null && !waiting && <span>about {formatSeconds(queue.secondsLeft, 0)} left</span>}
        {queue.failed > 0 && <span className="queue__failed">{queue.failed} failed</span>}
      </span>
      <button
        type="button"
        className="button button--small"
        disabled={queue.state === 'cancelling'}
        onClick={() => void cancel()}
      >
        Cancel render
      </button>
      {waiting && (
        <span className="queue__waiting" role="status">
          {queue.message ?? 'Waiting before trying again.'}
          {resumeIn !== null && (resumeIn > 0 ? ` Resumes in ${resumeIn} s.` : ' Resuming…')}
        </span>
      )}
    </div>
  );
}

/** Play the chapter, render what is stale or the chapter (estimate first), and the queue's progress. */
export function RenderBar({ chapter }: { chapter: Chapter | null }) {
  const { queue, proposal } = useRenderStore(useShallow((s) => ({ queue: s.queue, proposal: s.proposal })));
  const { playing, skipped } = useProjectPlaybackStore(
    useShallow((s) => ({ playing: s.mode === 'chapter' && s.status !== 'idle', skipped: s.skipped.length })),
  );
  const playingOther = useProjectPlaybackStore((s) => s.mode !== 'chapter' && s.status !== 'idle');
  const running = queue.state !== 'idle';

  return (
    <div className="control-bar render-bar" role="group" aria-label="Chapter">
      <button
        type="button"
        className={playing || playingOther ? 'button button--transport' : 'button button--primary button--transport'}
        disabled={!chapter}
        title="Play the chapter from the current block, or stop (Space)"
        onClick={togglePlayChapter}
      >
        {playing || playingOther ? (
          <>
            <span aria-hidden="true">■</span> Stop
          </>
        ) : (
          <>
            <span aria-hidden="true">▶</span> Play chapter
          </>
        )}
      </button>
      {playing && skipped > 0 && (
        <span className="note" title="Blocks without a usable take are left out of playback">
          {count(skipped, 'block')} skipped (not rendered)
        </span>
      )}
      <span className="render-bar__divider" aria-hidden="true" />
      <button
        type="button"
        className="button"
        disabled={running}
        title="Render every stale block of the project, after its estimate"
        onClick={() => void proposeStaleRender()}
      >
        Render stale
      </button>
      <button
        type="button"
        className="button"
        disabled={running || !chapter}
        title={`Render this chapter's blocks that need it, after its estimate (${MOD_KEY}+Enter renders one block)`}
        onClick={() => chapter && void proposeChapterRender(chapter)}
      >
        Render chapter
      </button>
      {running ? (
        <QueueProgress queue={queue} />
      ) : (
        queue.message && (
          <span className="note render-bar__message" role="status">
            {queue.message}
          </span>
        )
      )}
      {proposal && <Proposal proposal={proposal} />}
    </div>
  );
}
