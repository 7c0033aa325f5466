import type { StudioApi } from '../shared/studio-api';

/** The engine's API as the shell provides it; read at call time so tests can install a fake. */
export function studio(): StudioApi {
  return window.studio;
}
