import { safeStorage } from 'electron';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../engine/fs/atomic-write';
import type { KeyStore } from '../engine/studio/key-manager';

/** Bumped if the format ever changes, so an old file is recognised rather than mis-decrypted. */
const FORMAT = 'v1:';

/**
 * The API key at rest, encrypted with Electron's safeStorage (Fiddle's secret store). It refuses
 * to save when the OS offers no real encryption: on Linux without a keyring safeStorage falls back
 * to 'basic_text', a hard-coded password, which would only pretend to protect the key.
 */
export function createKeyVault(filePath: string, platform: NodeJS.Platform = process.platform): KeyStore {
  const canPersist: KeyStore['canPersist'] = () => {
    if (!safeStorage.isEncryptionAvailable()) {
      return {
        ok: false,
        reason: 'this system offers no encryption for saved secrets, so the key is not written to disk.',
      };
    }
    if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
      return {
        ok: false,
        reason:
          'no system keyring (GNOME Keyring or KWallet) was found, and without one the key would be saved readable to anyone who can read your files.',
      };
    }
    return { ok: true };
  };

  return {
    canPersist,
    async load() {
      let text: string;
      try {
        text = await readFile(filePath, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      if (!text.startsWith(FORMAT)) throw new Error('The saved key is in an unknown format.');
      if (!safeStorage.isEncryptionAvailable())
        throw new Error('The saved key cannot be decrypted on this system now.');
      return safeStorage.decryptString(Buffer.from(text.slice(FORMAT.length), 'base64'));
    },
    async save(key) {
      const verdict = canPersist();
      if (!verdict.ok) throw new Error(`Not saving the key: ${verdict.reason}`);
      const sealed = safeStorage.encryptString(key).toString('base64');
      await mkdir(dirname(filePath), { recursive: true });
      await writeFileAtomic(filePath, `${FORMAT}${sealed}`, { mode: 0o600 });
    },
    async clear() {
      await rm(filePath, { force: true });
    },
  };
}
