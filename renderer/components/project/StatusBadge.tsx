import type { BlockState, BlockStatus } from '../../../shared/project-session';

const WORDS: Record<BlockState, { label: string; title: string }> = {
  empty: { label: 'Empty', title: 'Nothing to speak yet: type the text.' },
  stale: { label: 'To render', title: 'No take matches this text, voice and lexicon yet.' },
  ready: { label: 'Ready', title: 'The take in use matches the text, voice and lexicon.' },
  queued: { label: 'Queued', title: 'Waiting in the render queue.' },
  rendering: { label: 'Rendering', title: 'Being rendered now.' },
  failed: { label: 'Failed', title: 'The last render failed; see why below.' },
};

/** A block's state in a word, coloured by what it asks of the user. */
export function StatusBadge({ status }: { status: BlockStatus }) {
  const words = WORDS[status.state];
  return (
    <span className={`state state--${status.state}`} title={status.error?.message ?? words.title}>
      {status.state === 'rendering' && <span className="pulse" aria-hidden="true" />}
      {words.label}
    </span>
  );
}
