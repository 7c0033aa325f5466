import { isStudioError, type StudioErrorCode } from '../../shared/errors';

/** The CLI's documented exit codes. */
export const EXIT = { ok: 0, failure: 1, usage: 2, auth: 3, network: 4, badInput: 5 } as const;

const BY_CODE: Record<StudioErrorCode, number> = {
  AUTH: EXIT.auth,
  NETWORK: EXIT.network,
  SERVER: EXIT.network,
  TIMEOUT: EXIT.network,
  RATE_LIMITED: EXIT.network,
  QUOTA: EXIT.network,
  BAD_INPUT: EXIT.badInput,
  NOT_FOUND: EXIT.badInput,
  CANCELLED: EXIT.failure,
};

/** Wrong flags or arguments: the user reads the usage line and tries again. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (isStudioError(error)) return BY_CODE[error.code];
  return EXIT.failure;
}
