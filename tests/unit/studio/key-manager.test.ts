import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKeyManager, type ValidateKey } from '../../../electron/engine/studio/key-manager';
import { openSettingsStore } from '../../../electron/engine/studio/settings-store';
import { redact } from '../../../electron/engine/redact';
import { StudioError } from '../../../shared/errors';
import { memoryKeyStore, tempDataDir } from './fakes';

const GOOD = 'sk_live_good_key_9f3a';
const BAD = 'sk_live_bad_key_0000';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDataDir()));
afterEach(() => cleanup());

/** Accepts GOOD only; records the endpoints it was asked to check against. */
function validator() {
  const checked: Array<{ httpUrl: string; wsUrl: string }> = [];
  const validateKey: ValidateKey = async (key, urls) => {
    checked.push(urls);
    if (key !== GOOD) {
      throw new StudioError({ code: 'AUTH', message: `Invalid API key ${key}`, hint: `Key ${key} was refused.` });
    }
  };
  return { validateKey, checked };
}

async function open(options: { stored?: string | null; persistable?: boolean; env?: Record<string, string> } = {}) {
  const settings = await openSettingsStore({ dataDir: dir, emit: () => undefined });
  const { keyStore, store } = memoryKeyStore(options.stored ?? null, options.persistable ?? true);
  const { validateKey, checked } = validator();
  const keys = await openKeyManager({ keyStore, env: options.env ?? {}, validateKey, settings });
  return { keys, settings, store, checked };
}

describe('key manager', () => {
  it('starts without a key and says beforehand when a key could not be kept', async () => {
    expect((await open()).keys.status()).toEqual({
      hasKey: false,
      hint: null,
      storage: null,
      canPersist: true,
      persistenceNote: null,
    });
    const { keys } = await open({ persistable: false });
    expect(keys.status()).toMatchObject({
      hasKey: false,
      canPersist: false,
      persistenceNote: expect.stringContaining('basic_text'),
    });
  });

  it('validates first: a refused key is not stored, not used, and not repeated in the error', async () => {
    const { keys, settings, store } = await open();
    const error = (await keys.set(BAD, true).catch((e: unknown) => e)) as StudioError;
    expect(error).toBeInstanceOf(StudioError);
    expect(error).toMatchObject({ code: 'AUTH' });
    expect(`${error.message} ${error.hint}`).not.toContain(BAD);
    expect(store).toMatchObject({ key: null, saves: 0 });
    expect(keys.status().hasKey).toBe(false);
    expect(keys.asyncConfig({ httpUrl: 'http://h', wsUrl: 'ws://w' })).toBeNull();
    expect(settings.get().engine).toBe('offline');
  });

  it('stops hiding a refused key once the refusal is reported, but keeps hiding the key in use', async () => {
    const { keys } = await open();
    await keys.set(BAD, true).catch(() => undefined);
    // A refused attempt is not a secret: hiding it would garble any text that happens to match.
    expect(redact(`typo ${BAD}`)).toBe(`typo ${BAD}`);
    await keys.set(GOOD, true);
    await keys.set(GOOD.slice(0, -1) + 'x', true).catch(() => undefined);
    expect(redact(`in use ${GOOD}`)).toBe('in use ***');
  });

  it('stores a valid key when asked, shows its last four characters only and switches to Async', async () => {
    const { keys, settings, store, checked } = await open();
    const status = await keys.set(`  ${GOOD}  `, true);
    expect(status).toEqual({
      hasKey: true,
      hint: '…9f3a',
      storage: 'keychain',
      canPersist: true,
      persistenceNote: null,
    });
    expect(store.key).toBe(GOOD);
    expect(checked).toEqual([{ httpUrl: settings.get().httpUrl, wsUrl: settings.get().wsUrl }]);
    expect(settings.get().engine).toBe('async');
    expect(keys.asyncConfig({ httpUrl: 'http://h', wsUrl: 'ws://w' })).toMatchObject({
      apiKey: GOOD,
      httpUrl: 'http://h',
    });
  });

  it('keeps the key for the session only when the store cannot keep it safely, and says so', async () => {
    const { keys, store } = await open({ persistable: false });
    const status = await keys.set(GOOD, true);
    expect(status).toMatchObject({ hasKey: true, storage: 'session' });
    expect(status.persistenceNote).toMatch(/session only.*basic_text/);
    expect(store.saves).toBe(0);
  });

  it('gives the store’s reason, not the user’s choice, when the store cannot keep a key at all', async () => {
    const { keys } = await open({ persistable: false });
    const status = await keys.set(GOOD, false);
    expect(status).toMatchObject({ storage: 'session', canPersist: false });
    expect(status.persistenceNote).toMatch(/basic_text/);
    expect(status.persistenceNote).not.toMatch(/as you asked/);
  });

  it('still offers to remember a key after the user chose a session key once', async () => {
    const { keys } = await open();
    const status = await keys.set(GOOD, false);
    expect(status).toMatchObject({ storage: 'session', canPersist: true });
    expect(status.persistenceNote).toMatch(/as you asked/);
  });

  it('a session key chosen by the user replaces a stored one, which must not come back', async () => {
    const { keys, store } = await open({ stored: 'sk_old_stored_key_1111' });
    expect(keys.status()).toMatchObject({ storage: 'keychain', hint: '…1111' });
    const status = await keys.set(GOOD, false);
    expect(status).toMatchObject({ storage: 'session', persistenceNote: expect.stringContaining('session only') });
    expect(store.key).toBeNull();
  });

  it('lets the environment key win at start, and reports it as such', async () => {
    const { keys, settings } = await open({ stored: 'sk_old_stored_key_1111', env: { ASYNCAI_API_KEY: GOOD } });
    expect(keys.status()).toMatchObject({ hasKey: true, storage: 'environment', hint: '…9f3a' });
    expect(keys.asyncConfig({ httpUrl: 'http://h', wsUrl: 'ws://w' })?.apiKey).toBe(GOOD);
    // The settings store decides the engine; the key manager does not change it at start.
    expect(settings.get().engine).toBe('offline');
  });

  it('clears the key everywhere and goes back to the offline engine', async () => {
    const { keys, settings, store } = await open();
    await keys.set(GOOD, true);
    const generation = keys.generation();
    expect(await keys.clear()).toMatchObject({ hasKey: false, storage: null });
    expect(store.key).toBeNull();
    expect(settings.get().engine).toBe('offline');
    expect(keys.generation()).toBeGreaterThan(generation);
    expect(keys.asyncConfig({ httpUrl: 'http://h', wsUrl: 'ws://w' })).toBeNull();
  });

  it('starts without a key when the stored one cannot be read', async () => {
    const settings = await openSettingsStore({ dataDir: dir, emit: () => undefined });
    const { keyStore } = memoryKeyStore();
    keyStore.load = async () => {
      throw new Error('vault damaged');
    };
    const keys = await openKeyManager({ keyStore, env: {}, validateKey: validator().validateKey, settings });
    expect(keys.status().hasKey).toBe(false);
  });
});
