/** A padlock, closed or open, drawn in the text colour (emoji padlocks are missing from many Linux fonts). */
export function LockIcon({ locked }: { locked: boolean }) {
  return (
    <svg
      width="14"
      height="14"
      viewBox="0 0 16 16"
      aria-hidden="true"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.6"
    >
      <rect x="3" y="7" width="10" height="7.5" rx="1.5" fill={locked ? 'currentColor' : 'none'} />
      <path d={locked ? 'M5.5 7V5a2.5 2.5 0 0 1 5 0v2' : 'M5.5 7V5a2.5 2.5 0 0 1 4.9-.7'} strokeLinecap="round" />
    </svg>
  );
}
