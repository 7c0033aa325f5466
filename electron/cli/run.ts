import { isStudioError } from '../../shared/errors';
import { redact } from '../engine/redact';
import { parseCommandLine } from './args';
import type { CliContext } from './context';
import { EXIT, UsageError, exitCodeFor } from './exit-codes';
import { modelsCommand } from './models';
import { sayCommand } from './say';
import { USAGE } from './usage';
import { voicesCommand } from './voices';

const COMMANDS: Record<string, (ctx: CliContext) => Promise<number>> = {
  say: sayCommand,
  voices: voicesCommand,
  models: modelsCommand,
};

/** Runs one CLI invocation and returns its exit code; every failure is printed in plain words. */
export async function runCli(argv: string[], io: Omit<CliContext, 'values' | 'positionals'>): Promise<number> {
  try {
    const { command, positionals, values } = parseCommandLine(argv);
    if (values.help || command === 'help') {
      io.stdout.write(USAGE);
      return EXIT.ok;
    }
    const handler = command ? COMMANDS[command] : undefined;
    if (!handler) throw new UsageError(command ? `Unknown command "${command}".` : 'No command given.');
    return await handler({ ...io, values, positionals });
  } catch (error) {
    io.stderr.write(describe(error));
    return exitCodeFor(error);
  }
}

function describe(error: unknown): string {
  if (error instanceof UsageError) return `voice-studio: ${error.message}\n\n${USAGE}`;
  if (isStudioError(error)) {
    return `Error: ${redact(error.message)}\n${error.hint ? `  ${redact(error.hint)}\n` : ''}`;
  }
  return `Error: ${redact(error instanceof Error ? error.message : String(error))}\n`;
}
