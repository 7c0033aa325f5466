import { memo, useState, type MouseEvent } from 'react';
import { PROJECT_LIMITS, type Block, type Speaker } from '../../../shared/project';
import type { BlockStatus } from '../../../shared/project-session';
import { MOD_KEY } from '../../hooks/useShortcuts';
import { adviceFor, messageWithHint } from '../../lib/error-advice';
import { useBlockDraftsStore } from '../../stores/useBlockDraftsStore';
import { useDialogStore } from '../../stores/useDialogStore';
import { useProjectStore } from '../../stores/useProjectStore';
import { useViewStore } from '../../stores/useViewStore';
import { BlockTakes } from './BlockTakes';
import { LockIcon } from './LockIcon';
import { parsePause } from './PausesPanel';
import { playFrom, proposeBlockRender } from './project-commands';
import { StatusBadge } from './StatusBadge';

export interface BlockCardProps {
  block: Block;
  index: number;
  chapterId: string;
  status: BlockStatus;
  cast: Speaker[];
  /** The project's pause after a block, shown when the block keeps it. */
  defaultPauseMs: number;
  current: boolean;
  picked: boolean;
  /** Being heard in chapter playback. */
  heard: boolean;
  /** The chapter is playing: a click on the block plays from it. */
  chapterPlaying: boolean;
  onPick(blockId: string, event: MouseEvent): void;
}

/** Why the last render failed and what to do about it. */
function RenderFailure({ block, status }: { block: Block; status: BlockStatus }) {
  const showDialog = useDialogStore((s) => s.api.show);
  const setPanel = useViewStore((s) => s.api.setPanel);
  if (status.state !== 'failed' || !status.error) return null;
  const error = status.error;
  const advice = adviceFor(error, Date.now());
  return (
    <div className="problem block__problem" role="alert">
      <span>{advice.message}</span>
      {advice.wayOut?.kind === 'key' ? (
        <button type="button" className="link-button" onClick={() => showDialog('key')}>
          Update API key
        </button>
      ) : error.code === 'BAD_INPUT' ? (
        <button type="button" className="link-button" onClick={() => setPanel('cast')}>
          Check the speaker’s voice
        </button>
      ) : null}
      <button type="button" className="link-button" onClick={() => void proposeBlockRender(block.id)}>
        Render again
      </button>
    </div>
  );
}

/** The pause after the block: empty keeps the project's default. */
function PauseAfter({ block, defaultPauseMs }: { block: Block; defaultPauseMs: number }) {
  const editOrReport = useProjectStore((s) => s.api.editOrReport);
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? (block.pauseAfterMs === null ? '' : String(block.pauseAfterMs));
  const commit = () => {
    if (draft === null) return;
    setDraft(null);
    const empty = draft.trim() === '';
    const value = empty ? null : parsePause(draft);
    if (!empty && value === null) return;
    if (value !== block.pauseAfterMs)
      void editOrReport([{ op: 'update-block', blockId: block.id, pauseAfterMs: value }]);
  };
  return (
    <label className="block__pause" title="Silence after this block; empty uses the project's pause between blocks">
      Pause after
      <input
        type="number"
        min={0}
        max={PROJECT_LIMITS.pauseMs}
        step={50}
        aria-label="Pause after (ms)"
        placeholder={String(defaultPauseMs)}
        value={shown}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => {
          if (event.key === 'Enter') commit();
        }}
      />
      ms
    </label>
  );
}

/**
 * One block: its text (typing is sent after a pause and on leaving the box, and kept when the
 * engine refuses it), speaker, state, lock, pause after it, takes, and Render / Regenerate.
 */
export const BlockCard = memo(function BlockCard(props: BlockCardProps) {
  const { block, index, chapterId, status, cast, current, picked, heard, chapterPlaying, onPick } = props;
  const draft = useBlockDraftsStore((s) => s.drafts[block.id]);
  const drafts = useBlockDraftsStore((s) => s.api);
  const editOrReport = useProjectStore((s) => s.api.editOrReport);
  const [showTakes, setShowTakes] = useState(false);
  const [removing, setRemoving] = useState(false);
  const text = draft?.text ?? block.text;
  const ready = status.state === 'ready';
  const busy = status.state === 'queued' || status.state === 'rendering';
  const number = index + 1;

  const className = [
    'block',
    current && 'block--current',
    picked && 'block--picked',
    heard && 'block--heard',
    block.locked && 'block--locked',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <article
      className={className}
      data-block-id={block.id}
      data-state={status.state}
      tabIndex={current ? 0 : -1}
      aria-label={`Block ${number}`}
      aria-current={current ? 'true' : undefined}
      onClick={(event) => {
        const control = (event.target as HTMLElement).closest('button, input, select, textarea, a, label');
        if (!control && chapterPlaying) playFrom(chapterId, block.id);
        onPick(block.id, event);
      }}
    >
      <div className="block__head">
        <span className="block__number" aria-hidden="true">
          {number}
        </span>
        <select
          className="block__speaker"
          aria-label={`Speaker of block ${number}`}
          value={block.speakerId}
          onChange={(event) =>
            void editOrReport([{ op: 'update-block', blockId: block.id, speakerId: event.target.value }])
          }
        >
          {cast.map((speaker) => (
            <option key={speaker.id} value={speaker.id}>
              {speaker.name}
            </option>
          ))}
        </select>
        <StatusBadge status={status} />
        {block.locked && (
          <span className="block__locked" title="Locked: left out of “Render stale” and “Render chapter”">
            Locked
          </span>
        )}
        <span className="block__spacer" />
        <button
          type="button"
          className="icon-button"
          aria-label={`Play from block ${number}`}
          title="Play the chapter from this block"
          onClick={() => playFrom(chapterId, block.id)}
        >
          ▶
        </button>
        <button
          type="button"
          className="button button--small"
          disabled={busy || block.locked || !text.trim()}
          title={
            block.locked
              ? 'Locked: unlock the block to render it'
              : `${ready ? 'Make a new take (billed again)' : 'Render this block'} (${MOD_KEY}+Enter)`
          }
          onClick={() => void proposeBlockRender(block.id)}
        >
          {ready ? 'Regenerate' : 'Render'}
        </button>
        <button
          type="button"
          className={block.locked ? 'icon-button icon-button--on' : 'icon-button'}
          aria-label={`Lock block ${number}`}
          aria-pressed={block.locked}
          title={
            block.locked ? 'Unlock: render it with the rest again' : 'Lock: keep this take, never re-render it in bulk'
          }
          onClick={() => void editOrReport([{ op: 'update-block', blockId: block.id, locked: !block.locked }])}
        >
          <LockIcon locked={block.locked} />
        </button>
      </div>
      <textarea
        className="block__text"
        aria-label={`Text of block ${number}`}
        value={text}
        rows={2}
        spellCheck
        onChange={(event) => drafts.type(block.id, event.target.value)}
        onBlur={() => void drafts.flush(block.id)}
      />
      {draft?.error && (
        <div className="problem block__problem" role="alert">
          <span>Not saved: {messageWithHint(draft.error)} Your text is kept here.</span>
          <button type="button" className="link-button" onClick={() => void drafts.flush(block.id)}>
            Try again
          </button>
        </div>
      )}
      <RenderFailure block={block} status={status} />
      <div className="block__foot">
        <PauseAfter block={block} defaultPauseMs={props.defaultPauseMs} />
        <span className={text.length > PROJECT_LIMITS.blockChars ? 'block__count block__count--over' : 'block__count'}>
          {text.length.toLocaleString()} characters
        </span>
        {draft && !draft.error && <span className="block__count">{draft.sending ? 'Sending…' : 'Edited'}</span>}
        <span className="block__spacer" />
        <button
          type="button"
          className="link-button"
          aria-expanded={showTakes}
          onClick={() => setShowTakes((shown) => !shown)}
        >
          Takes ({block.takes.length})
        </button>
        {removing ? (
          <span className="block__confirm">
            Remove this block?
            <button
              type="button"
              className="button button--small button--danger"
              onClick={() => void editOrReport([{ op: 'remove-block', blockId: block.id }])}
            >
              Remove
            </button>
            <button type="button" className="button button--small" onClick={() => setRemoving(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button type="button" className="link-button link-button--quiet" onClick={() => setRemoving(true)}>
            Remove
          </button>
        )}
      </div>
      {showTakes && <BlockTakes block={block} />}
    </article>
  );
});
