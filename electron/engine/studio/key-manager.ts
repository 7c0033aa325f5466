import { StudioError, isStudioError } from '../../../shared/errors';
import type { KeyStatus } from '../../../shared/ipc-contract';
import { API_VERSION } from '../../../shared/models';
import type { AsyncConfig } from '../async/config';
import { AsyncHttpClient } from '../async/http-client';
import { createLogger } from '../log';
import { forgetSecret, keyHint, redact, registerSecret } from '../redact';
import type { SettingsStore } from './settings-store';

const log = createLogger('api-key');

/** Where the shell keeps the key across restarts: Electron's safeStorage vault, or nothing (web shell). */
export interface KeyStore {
  load(): Promise<string | null>;
  save(key: string): Promise<void>;
  clear(): Promise<void>;
  /** Whether `save` would keep the key safely; the reason is shown to the user when it would not. */
  canPersist(): { ok: true } | { ok: false; reason: string };
}

export interface EndpointUrls {
  httpUrl: string;
  wsUrl: string;
}

/** One cheap authenticated call; throws StudioError (AUTH for a refused key). */
export type ValidateKey = (key: string, urls: EndpointUrls) => Promise<void>;

/** Checks a key against the Async API with the smallest authenticated request there is. */
export const validateWithAsyncApi: ValidateKey = async (key, urls) => {
  await new AsyncHttpClient({ apiKey: key, ...urls, apiVersion: API_VERSION }).validateKey();
};

export interface KeyManager {
  status(): KeyStatus;
  /** Validates the key first; stores it in the key store only when asked and when that is safe. */
  set(key: string, persist: boolean): Promise<KeyStatus>;
  /** Forgets the key (the stored one and, for this run, the environment's); the offline engine takes over. */
  clear(): Promise<KeyStatus>;
  /** The Async client configuration for the key in use, or null without one. For opening engines only. */
  asyncConfig(urls: EndpointUrls): AsyncConfig | null;
  /** Changes whenever the key does, so whatever was opened with the old key can be replaced. */
  generation(): number;
}

export interface KeyManagerOptions {
  keyStore: KeyStore;
  env: Record<string, string | undefined>;
  validateKey: ValidateKey;
  settings: SettingsStore;
}

interface ActiveKey {
  key: string;
  storage: NonNullable<KeyStatus['storage']>;
  note: string | null;
}

const ENV_NOTE = 'The key comes from ASYNCAI_API_KEY in the environment; the studio does not save it.';
const CHOSEN_SESSION_NOTE = 'Kept for this session only, as you asked: it is forgotten when the studio closes.';

function sessionOnly(reason: string): string {
  return `Kept for this session only: ${reason}`;
}

/** An error from checking a key, with anything that could hold the key taken out. */
function keyCheckError(error: unknown): StudioError {
  if (!isStudioError(error)) {
    return new StudioError({
      code: 'SERVER',
      message: 'The key could not be checked.',
      hint: 'Try again in a moment.',
    });
  }
  const info = error.toInfo();
  if (info.code === 'AUTH') {
    return new StudioError({
      ...info,
      message: 'The Async API refused this key.',
      hint: 'Check the key in your Async dashboard and paste it again.',
    });
  }
  return new StudioError({ ...info, message: redact(info.message), hint: info.hint && redact(info.hint) });
}

/**
 * Owns the Async API key: the environment's (which wins at start, as in the CLI), the stored one,
 * or one set in this session. The key leaves this module only towards the Async clients; status,
 * errors and logs carry at most its last four characters.
 */
export async function openKeyManager(options: KeyManagerOptions): Promise<KeyManager> {
  const { keyStore, settings } = options;
  let generation = 0;
  let active: ActiveKey | null = null;

  const envKey = options.env.ASYNCAI_API_KEY?.trim();
  if (envKey) {
    registerSecret(envKey);
    active = { key: envKey, storage: 'environment', note: ENV_NOTE };
  } else {
    try {
      const stored = (await keyStore.load())?.trim();
      if (stored) {
        registerSecret(stored);
        active = { key: stored, storage: 'keychain', note: null };
      }
    } catch (error) {
      log.warn(`The stored API key could not be read; starting without one. ${String(error)}`);
    }
  }

  const status = (): KeyStatus => {
    const persistence = keyStore.canPersist();
    if (!active) {
      return {
        hasKey: false,
        hint: null,
        storage: null,
        canPersist: persistence.ok,
        persistenceNote: persistence.ok ? null : sessionOnly(persistence.reason),
      };
    }
    return {
      hasKey: true,
      hint: keyHint(active.key),
      storage: active.storage,
      canPersist: persistence.ok,
      persistenceNote: active.note,
    };
  };

  const replace = async (next: ActiveKey | null, engine: 'async' | 'offline') => {
    active = next;
    generation++;
    if (settings.get().engine !== engine) await settings.update({ engine });
  };

  /** Keeps the key across restarts when asked and when the store can do it safely; says why not otherwise. */
  const keep = async (key: string, persist: boolean): Promise<ActiveKey> => {
    // Where nothing can be kept, that is the reason to give, whatever was asked.
    const persistence = keyStore.canPersist();
    if (!persistence.ok) return { key, storage: 'session', note: sessionOnly(persistence.reason) };
    if (!persist) {
      // The user chose a session key: a key saved earlier must not come back at the next start.
      await keyStore.clear().catch((error: unknown) => log.warn(`Could not remove the stored key: ${String(error)}`));
      return { key, storage: 'session', note: CHOSEN_SESSION_NOTE };
    }
    try {
      await keyStore.save(key);
      return { key, storage: 'keychain', note: null };
    } catch (error) {
      log.warn(`Saving the key failed: ${String(error)}`);
      return { key, storage: 'session', note: sessionOnly('saving it in the system keychain failed.') };
    }
  };

  return {
    status,
    async set(rawKey, persist) {
      const key = rawKey.trim();
      // Hidden while it is checked (the check's errors may quote the URL that carries it)…
      registerSecret(key);
      const { httpUrl, wsUrl } = settings.get();
      try {
        await options.validateKey(key, { httpUrl, wsUrl });
      } catch (error) {
        const refused = keyCheckError(error);
        // …and forgotten once refused, unless it is the key in use: every refused attempt kept
        // would make the list grow and hide unrelated text that happens to match a typo.
        if (active?.key !== key) forgetSecret(key);
        throw refused;
      }
      await replace(await keep(key, persist), 'async');
      log.info(`API key ${keyHint(key)} set (${active?.storage}).`);
      return status();
    },
    async clear() {
      await keyStore.clear().catch((error: unknown) => log.warn(`Could not remove the stored key: ${String(error)}`));
      await replace(null, 'offline');
      return status();
    },
    asyncConfig(urls) {
      return active ? { apiKey: active.key, ...urls, apiVersion: API_VERSION } : null;
    },
    generation: () => generation,
  };
}
