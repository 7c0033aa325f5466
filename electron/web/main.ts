import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseWebShellArgs, WEB_USAGE } from './args';
import { startStudioWebShell } from './web-shell';

const root = resolve(import.meta.dirname, '../..');
const staticDir = join(root, 'out', 'web');

/** Asks the OS to open the address in the default browser; a failure only means the user opens it by hand. */
function openInBrowser(url: string): void {
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  spawn(command, args, { detached: true, stdio: 'ignore' })
    .on('error', () => {})
    .unref();
}

async function main(): Promise<void> {
  if (process.argv.includes('--help')) {
    process.stdout.write(`${WEB_USAGE}\n`);
    return;
  }
  let args;
  try {
    args = parseWebShellArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${WEB_USAGE}\n`);
    process.exit(2);
  }
  if (!existsSync(join(staticDir, 'index.html'))) {
    process.stderr.write('The web renderer is not built yet: run `npm run web`, which builds it first.\n');
    process.exit(1);
  }
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  const shell = await startStudioWebShell({ dataDir: args.dataDir, staticDir, port: args.port, version });
  process.stdout.write(`Async Voice Studio (web shell) at ${shell.url}\n`);
  process.stdout.write(`Settings and takes: ${args.dataDir}\nPress Ctrl+C to stop.\n`);
  if (args.open) openInBrowser(shell.url);
  const stop = () => void shell.close().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
