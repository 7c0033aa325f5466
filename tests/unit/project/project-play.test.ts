import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { playChapter } from '../../../electron/engine/project/project-play';
import { ProjectSession } from '../../../electron/engine/project/project-session';
import type { SetTimer } from '../../../electron/engine/studio/play-session';
import { TestSink } from '../studio/fakes';
import { makeProject, steadyVoice } from './export-fixture';
import { useTempDir } from './sample';

const dir = useTempDir();

describe('chapter playback pacing', () => {
  it('keeps no abort listener for a wait that has ended: a long chapter waits many times on one signal', async () => {
    // Three minutes of takes: the stream must wait for the listener several times.
    const project = await makeProject(dir(), [
      { title: 'Long', blocks: Array.from({ length: 6 }, (_, i) => ({ text: `Part ${i}.`, pcm: steadyVoice(30) })) },
    ]);
    const session = new ProjectSession({
      dir: dir(),
      opened: { project, recoveredFromBackup: false, messages: [] },
      emit: () => undefined,
    });
    // The listener's clock moves on by each wait, which ends at once.
    let now = 0;
    const waits: number[] = [];
    const setTimer: SetTimer = (callback, ms) => {
      waits.push(ms);
      now += ms;
      const handle = setImmediate(callback);
      return () => clearImmediate(handle);
    };
    const sink = new TestSink();
    try {
      await playChapter(session, { chapterId: 'c1', fromBlockId: null }, sink, { setTimer, now: () => now });
    } finally {
      await session.close();
    }
    expect(sink.messages.at(-1)).toMatchObject({ type: 'done' });
    expect(waits.length).toBeGreaterThan(3);
    expect(getEventListeners(sink.signal, 'abort')).toHaveLength(0);
  });
});
