import { StudioError } from '../../../shared/errors';
import type { AppSettings } from '../../../shared/settings';
import type { ConnectionEvent } from '../../../shared/synthesis';
import type { OpenedEngine, OpenEngineOptions } from '../create-provider';
import { createLogger } from '../log';
import type { KeyManager } from './key-manager';

const log = createLogger('engines');

export type OpenEngine = (options: OpenEngineOptions) => Promise<OpenedEngine>;

/** An engine in use; `release` when done, so an engine replaced meanwhile can be closed. */
export interface EngineLease {
  readonly engine: OpenedEngine;
  release(): void;
}

export interface EnginePool {
  /** The Async engine for the current key, transport and endpoints, or the offline engine. */
  lease(kind: 'async' | 'offline', settings: AppSettings): Promise<EngineLease>;
  /** The engine the settings ask for; Async without a key falls back to the offline engine, with a notice. */
  choose(settings: AppSettings): Promise<{ lease: EngineLease; notice: string | null }>;
  close(): Promise<void>;
}

interface Slot {
  signature: string;
  engine: Promise<OpenedEngine>;
  users: number;
  retired: boolean;
  closed: boolean;
}

export const NO_KEY_NOTICE =
  'No Async API key is set, so the offline engine is speaking. Add your key to use the Async voices.';

/**
 * Keeps one open engine per kind and reuses it across plays, voice lists and previews (a WebSocket
 * stays connected, the Flite worker stays warm). When the key, transport or endpoints change, the
 * next lease opens a new engine and the old one closes once nobody uses it.
 */
export function createEnginePool(options: {
  openEngine: OpenEngine;
  keys: KeyManager;
  /** Where connection events of the engines go (the status bar). */
  onConnectionEvent?: (event: ConnectionEvent) => void;
}): EnginePool {
  const slots = new Map<'async' | 'offline', Slot>();
  const closing = new Set<Promise<void>>();

  const shut = (slot: Slot) => {
    if (slot.closed) return;
    slot.closed = true;
    const done = slot.engine
      // An engine that never opened has nothing to close.
      .then(
        (engine) => engine.provider.close(),
        () => undefined,
      )
      .catch((error: unknown) => log.warn(`Closing an engine failed: ${String(error)}`))
      .finally(() => closing.delete(done));
    closing.add(done);
  };

  const retire = (slot: Slot) => {
    slot.retired = true;
    if (slot.users === 0) shut(slot);
  };

  const lease = async (kind: 'async' | 'offline', settings: AppSettings): Promise<EngineLease> => {
    const urls = { httpUrl: settings.httpUrl, wsUrl: settings.wsUrl };
    const config = kind === 'async' ? options.keys.asyncConfig(urls) : null;
    if (kind === 'async' && !config) {
      throw new StudioError({
        code: 'AUTH',
        message: 'The Async engine needs an API key.',
        hint: 'Add your Async API key, or use the offline engine.',
      });
    }
    const signature =
      kind === 'offline'
        ? 'offline'
        : [settings.transport, urls.httpUrl, urls.wsUrl, options.keys.generation()].join('|');
    let slot = slots.get(kind);
    if (!slot || slot.signature !== signature) {
      if (slot) retire(slot);
      const opened = options.openEngine({
        requested: kind,
        transport: settings.transport,
        // Never the process environment: the key manager alone decides which key is in use.
        env: {},
        apiKey: config?.apiKey,
        apiUrl: config?.httpUrl,
        wsUrl: config?.wsUrl,
      });
      const fresh: Slot = { signature, engine: opened, users: 0, retired: false, closed: false };
      slot = fresh;
      slots.set(kind, fresh);
      void opened.then(
        ({ provider }) => {
          if (options.onConnectionEvent) provider.onConnectionEvent?.(options.onConnectionEvent);
        },
        // An engine that failed to open is not kept: the next lease tries again.
        () => {
          if (slots.get(kind) === fresh) slots.delete(kind);
        },
      );
    }
    const current = slot;
    // Counted before the engine is ready, so that a change meanwhile cannot close it under this user.
    current.users++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      current.users--;
      if (current.retired && current.users === 0) shut(current);
    };
    try {
      return { engine: await current.engine, release };
    } catch (error) {
      release();
      throw error;
    }
  };

  return {
    lease,
    async choose(settings) {
      const urls = { httpUrl: settings.httpUrl, wsUrl: settings.wsUrl };
      if (settings.engine === 'async' && !options.keys.asyncConfig(urls)) {
        return { lease: await lease('offline', settings), notice: NO_KEY_NOTICE };
      }
      const chosen = await lease(settings.engine, settings);
      return { lease: chosen, notice: chosen.engine.notice };
    },
    async close() {
      for (const slot of slots.values()) {
        slot.retired = true;
        shut(slot);
      }
      slots.clear();
      await Promise.all([...closing]);
    },
  };
}
