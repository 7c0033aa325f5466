import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { AsyncConfig } from '../../../electron/engine/async/config';
import { startSimulator, type Simulator } from '../../simulator/index';

/**
 * One simulator per test file, with pacing off and a clean recording before every test (tests that
 * study pacing turn it back on). Returns a getter because the simulator starts in `beforeAll`.
 */
export function useSimulator(): () => Simulator {
  let sim: Simulator | undefined;
  beforeAll(async () => {
    sim = await startSimulator();
  });
  afterAll(async () => {
    await sim?.close();
  });
  beforeEach(() => {
    sim!.resetFaults();
    sim!.setFaults({ realtimeFactor: Infinity, firstAudioMs: 0 });
    sim!.clearRecording();
  });
  return () => sim!;
}

/** A client config pointing at the simulator with its accepted key. */
export function simConfig(sim: Simulator, overrides: Partial<AsyncConfig> = {}): AsyncConfig {
  return { apiKey: sim.apiKey, httpUrl: sim.httpUrl, wsUrl: sim.wsUrl, apiVersion: 'v1', ...overrides };
}
