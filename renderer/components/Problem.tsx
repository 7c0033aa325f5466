import type { StudioErrorInfo } from '../../shared/errors';
import { messageWithHint } from '../lib/error-advice';

/** An error in plain words with what to do (null shows nothing). */
export function Problem({ error }: { error: StudioErrorInfo | null }) {
  if (!error) return null;
  return (
    <p className="problem" role="alert">
      {messageWithHint(error)}
    </p>
  );
}
