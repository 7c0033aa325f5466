import { parseArgs } from 'node:util';
import { UsageError } from './exit-codes';

const OPTIONS = {
  file: { type: 'string' },
  out: { type: 'string' },
  voice: { type: 'string' },
  model: { type: 'string' },
  language: { type: 'string' },
  transport: { type: 'string' },
  'sample-rate': { type: 'string' },
  encoding: { type: 'string' },
  aggregation: { type: 'string' },
  speed: { type: 'string' },
  stability: { type: 'string' },
  normalize: { type: 'string' },
  engine: { type: 'string' },
  gender: { type: 'string' },
  accent: { type: 'string' },
  style: { type: 'string' },
  json: { type: 'boolean' },
  'api-url': { type: 'string' },
  'ws-url': { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type CliValues = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

export interface ParsedCommand {
  command: string | undefined;
  positionals: string[];
  values: CliValues;
}

/**
 * A negative number after a value flag is its value, not a flag: `--normalize -16` is the natural
 * spelling, which node's parseArgs would reject as an unknown option.
 */
function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!.startsWith('--') ? argv[i]!.slice(2) : null;
    const next = argv[i + 1];
    const takesValue = name !== null && (OPTIONS as Record<string, { type: string }>)[name]?.type === 'string';
    if (takesValue && next !== undefined && /^-\d/.test(next)) {
      out.push(`--${name}=${next}`);
      i++;
    } else out.push(argv[i]!);
  }
  return out;
}

/** Parses the command line; unknown flags and missing values become usage errors. */
export function parseCommandLine(argv: string[]): ParsedCommand {
  try {
    const { values, positionals } = parseArgs({
      args: joinNegativeValues(argv),
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
    return { command: positionals[0], positionals: positionals.slice(1), values };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Reads a numeric flag, or undefined when absent; anything that is not a number is a usage error. */
export function numberFlag(values: CliValues, name: keyof CliValues): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n)) {
    throw new UsageError(`--${name} needs a number; got "${String(raw)}".`);
  }
  return n;
}

/** Reads a flag restricted to a few words. */
export function choiceFlag<T extends string>(
  values: CliValues,
  name: keyof CliValues,
  choices: readonly T[],
): T | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  if (!choices.includes(raw as T))
    throw new UsageError(`--${name} must be one of ${choices.join(', ')}; got "${String(raw)}".`);
  return raw as T;
}
