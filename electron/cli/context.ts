import type { CliValues } from './args';

/** What a command may touch: injected so tests can run commands in-process. */
export interface CliContext {
  values: CliValues;
  positionals: string[];
  env: Record<string, string | undefined>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
  readStdin: () => Promise<string>;
}
