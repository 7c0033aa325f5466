import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger, setLogSink } from '../../electron/engine/log';
import * as redaction from '../../electron/engine/redact';

const KEY = 'sk_live_log_test_secret';
redaction.registerSecret(KEY);

describe('logger', () => {
  let redact: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    redact = vi.spyOn(redaction, 'redact');
  });
  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  });

  it('redacts every line it keeps', () => {
    const lines: string[] = [];
    setLogSink((level, scope, message) => lines.push(`${level} ${scope}: ${message}`));
    createLogger('net').debug(`GET /voices?api_key=${KEY}`);
    expect(lines).toEqual(['debug net: GET /voices?api_key=***']);
  });

  it('drops a line below the level before redacting it', () => {
    const lines: string[] = [];
    setLogSink((level, _scope, message) => lines.push(`${level} ${message}`), 'warn');
    const log = createLogger('net');
    log.debug(`dropped ${KEY}`);
    log.info('dropped too');
    expect(redact).not.toHaveBeenCalled();
    log.warn(`kept ${KEY}`);
    expect(lines).toEqual(['warn kept ***']);
    expect(redact).toHaveBeenCalledOnce();
  });

  it('writes to stderr from the level VOICE_STUDIO_LOG names, warn when it names none', async () => {
    // A fresh module: the one above has had its sink replaced.
    vi.resetModules();
    const freshRedaction = await import('../../electron/engine/redact');
    const freshRedact = vi.spyOn(freshRedaction, 'redact');
    const { createLogger: freshLogger } = await import('../../electron/engine/log');
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => written.push(String(chunk)) > 0);
    const log = freshLogger('cli');
    for (const level of [undefined, 'loud', 'info']) {
      vi.stubEnv('VOICE_STUDIO_LOG', level);
      log.debug(`debug with ${level}`);
      log.info(`info with ${level}`);
      log.warn(`warn with ${level}`);
    }
    expect(written).toEqual([
      '[warn] cli: warn with undefined\n',
      '[warn] cli: warn with loud\n',
      '[info] cli: info with info\n',
      '[warn] cli: warn with info\n',
    ]);
    // Only the lines written were redacted.
    expect(freshRedact).toHaveBeenCalledTimes(written.length);
  });
});
