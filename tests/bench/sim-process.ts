import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface SimProcess {
  httpUrl: string;
  wsUrl: string;
  apiKey: string;
  stop(): Promise<void>;
}

/**
 * Starts `npm run simulator` in its own process, so that what a benchmark measures of its own
 * process (CPU time above all) is the client's work alone, not the server's.
 */
export async function startSimulatorProcess(faults: Record<string, unknown>): Promise<SimProcess> {
  const cli = fileURLToPath(new URL('../simulator/cli.ts', import.meta.url));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', cli, '--port', '0', '--faults', JSON.stringify(faults)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  const urls = await new Promise<{ httpUrl: string; wsUrl: string; apiKey: string }>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`simulator exited with code ${code}`)));
    child.stdout!.on('data', (data: Buffer) => {
      out += data.toString();
      const http = /HTTP API:\s+(\S+)/.exec(out)?.[1];
      const ws = /WebSocket:\s+(\S+)/.exec(out)?.[1];
      const key = /Test key:\s+(\S+)/.exec(out)?.[1];
      if (http && ws && key) resolve({ httpUrl: http, wsUrl: ws, apiKey: key });
    });
  });
  return {
    ...urls,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
