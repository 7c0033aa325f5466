import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createProject,
  openProject,
  saveProject,
  writeTakeAudio,
} from '../../../electron/engine/project/project-store';
import { sampleBlock, sampleTake, useTempDir } from './sample';

const dir = useTempDir();

const KILLS = 20;
const CHILD = join(import.meta.dirname, 'fixtures', 'edit-loop.ts');

interface Run {
  /** Edit counts whose save finished, in order. */
  saved: number[];
  /** The save that had started and not finished when the child died, if any. */
  inFlight: number | null;
  stderr: string;
}

/** Runs the edit loop until it has saved at least once, waits a random moment, and kills it with SIGKILL. */
function editUntilKilled(projectDir: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, projectDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const run: Run = { saved: [], inFlight: null, stderr: '' };
    let buffered = '';
    let killScheduled = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        const [word, count] = line.split(' ');
        if (word === 'saving') run.inFlight = Number(count);
        if (word === 'saved') {
          run.saved.push(Number(count));
          run.inFlight = null;
        }
      }
      if (run.saved.length > 0 && !killScheduled) {
        killScheduled = true;
        setTimeout(() => child.kill('SIGKILL'), Math.random() * 150);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(run);
      else reject(new Error(`edit loop exited with ${code}: ${run.stderr}`));
    });
  });
}

describe('crash safety', () => {
  it(`a project killed ${KILLS} times mid-edit opens each time at the last or next-to-last saved state`, async () => {
    const projectDir = join(dir(), 'book');
    const created = await createProject(projectDir, 'edit 0');
    await writeTakeAudio(projectDir, 'first.wav', new Uint8Array([1]));
    const block = sampleBlock(created, 'b1', 'Start.', [sampleTake('first', 'first.wav')]);
    // A book-sized file, so that writing it takes long enough for kills to land mid-write.
    const filler = Array.from({ length: 3000 }, (_, i) =>
      sampleBlock(created, `f${i}`, 'Words to read aloud. '.repeat(15)),
    );
    await saveProject(projectDir, {
      ...created,
      chapters: [
        { id: 'c1', title: 'One', blocks: [block] },
        { id: 'c2', title: 'Two', blocks: filler },
      ],
    });

    let savedTakes = 0;
    for (let kill = 0; kill < KILLS; kill++) {
      const run = await editUntilKilled(projectDir);
      expect(run.stderr).toBe('');
      const opened = await openProject(projectDir);
      // Never damaged, never a take without its audio.
      expect(opened.recoveredFromBackup).toBe(false);
      expect(opened.messages).toEqual([]);
      const onDisk = Number(/^edit (\d+)$/.exec(opened.project.name)![1]);
      const acceptable = [run.saved.at(-1)!, ...(run.inFlight === null ? [] : [run.inFlight])];
      expect(acceptable).toContain(onDisk);
      const [only] = opened.project.chapters[0]!.blocks;
      expect(only!.text).toBe(`Edit number ${onDisk}.`);
      expect(only!.selectedTakeId).toBe(only!.takes.at(-1)!.id);
      savedTakes = Math.max(savedTakes, ...only!.takes.map((t) => Number(t.id.split('-')[1] ?? 0)));
    }
    // The loop rendered takes along the way, and they survived the kills.
    expect(savedTakes).toBeGreaterThan(0);
  }, 120_000);
});
