import { PassThrough } from 'node:stream';
import { runCli } from '../../../electron/cli/run';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process with captured output, as `voice-studio <argv>` would run. */
export async function runVoiceStudio(
  argv: string[],
  env: Record<string, string | undefined> = {},
  stdin = '',
): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough() as unknown as NodeJS.WriteStream;
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => (out += d.toString()));
  (stderr as unknown as PassThrough).on('data', (d: Buffer) => (err += d.toString()));
  const code = await runCli(argv, { env, stdout, stderr, readStdin: async () => stdin });
  return { code, stdout: out, stderr: err };
}
