import { parseArgs } from 'node:util';
import { DEFAULT_FAULTS, type FaultSwitches } from './faults';
import { startSimulator } from './index';

const USAGE = `Usage: npm run simulator -- [--port 8750] [--host 127.0.0.1] [--faults '{"jitterMs":40}']
Fault switches (JSON; "Infinity" is accepted as a string): ${Object.keys(DEFAULT_FAULTS).join(', ')}`;

/** Parses --faults JSON, allowing "Infinity" (JSON has no literal for it) and refusing unknown switches. */
function parseFaults(text: string | undefined): Partial<FaultSwitches> {
  if (!text) return {};
  const faults = JSON.parse(text, (_key, value: unknown) => (value === 'Infinity' ? Infinity : value)) as Record<
    string,
    unknown
  >;
  const unknown = Object.keys(faults).filter((k) => !(k in DEFAULT_FAULTS));
  if (unknown.length) throw new Error(`Unknown fault switch(es): ${unknown.join(', ')}`);
  return faults as Partial<FaultSwitches>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8750' },
      host: { type: 'string', default: '127.0.0.1' },
      faults: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const sim = await startSimulator({
    port: Number(values.port),
    host: values.host,
    faults: parseFaults(values.faults),
  });
  // Printing the key is the point here: it is the simulator's own test key, not a real one.
  process.stdout.write(
    [
      'Async API simulator running (speech from the offline Flite engine).',
      `  HTTP API:   ${sim.httpUrl}`,
      `  WebSocket:  ${sim.wsUrl}`,
      `  Test key:   ${sim.apiKey}`,
      '',
      'Point the studio at it:',
      `  ASYNCAI_API_URL=${sim.httpUrl} ASYNCAI_WS_URL=${sim.wsUrl} ASYNCAI_API_KEY=${sim.apiKey} npx voice-studio say "Hello" --out hello.mp3`,
      '',
      'Ctrl+C stops it.',
      '',
    ].join('\n'),
  );
  const stop = () => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
  process.exit(1);
});
