import { API_VERSION } from '../../shared/models';
import type { FaultSwitches } from './faults';
import type { Recording } from './recording';
import type { SpeechSource } from './speech-source';
import type { ApiVoice } from './voice-catalogue';

/** What the HTTP routes and WebSocket sessions share within one simulator instance. */
export interface SimContext {
  /** The live switches; read them when they matter, since tests change them mid-run. */
  readonly faults: FaultSwitches;
  readonly recording: Recording;
  readonly voices: readonly ApiVoice[];
  readonly speech: SpeechSource;
  isValidKey(key: string | undefined): boolean;
  /** Base URL for links the simulator hands out (preview clips). */
  httpUrl(): string;
  /** Connections dropped so far by `dropAfterChunks`, counted against `dropTimes`. */
  droppedConnections: number;
}

/** `version` must be v1 when present; absent is accepted (asyncai-api.md §2). Returns the bad value. */
export function badVersion(version: string | undefined): string | null {
  return version !== undefined && version !== API_VERSION ? version : null;
}
