import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKeyVault } from '../../../electron/main/key-vault';
import { safeStorage, setEncryption } from '../../mocks/electron';

const KEY = 'sk_live_0123456789abcdef';
let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'avs-vault-'));
  file = join(dir, 'nested', 'api-key');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('key vault (safeStorage)', () => {
  it('saves the key encrypted, with a versioned prefix, readable by the owner only, and loads it back', async () => {
    const vault = createKeyVault(file, 'linux');
    expect(vault.canPersist()).toEqual({ ok: true });
    await vault.save(KEY);
    const text = await readFile(file, 'utf8');
    expect(text.startsWith('v1:')).toBe(true);
    expect(text).not.toContain(KEY);
    expect(Buffer.from(text.slice(3), 'base64').toString()).not.toContain(KEY);
    expect(safeStorage.encryptString).toHaveBeenCalledWith(KEY);
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await vault.load()).toBe(KEY);
  });

  it('loads nothing when no key was saved, and clear removes a saved one', async () => {
    const vault = createKeyVault(file, 'linux');
    expect(await vault.load()).toBeNull();
    await vault.save(KEY);
    await vault.clear();
    expect(await vault.load()).toBeNull();
    await vault.clear();
  });

  it('refuses to persist when encryption is unavailable, saying why in plain words', async () => {
    setEncryption({ available: false });
    const vault = createKeyVault(file, 'darwin');
    const verdict = vault.canPersist();
    expect(verdict).toMatchObject({ ok: false });
    expect(verdict.ok === false && verdict.reason).toMatch(/no encryption/);
    await expect(vault.save(KEY)).rejects.toThrow(/Not saving the key/);
    await expect(stat(file)).rejects.toThrow();
    expect(safeStorage.encryptString).not.toHaveBeenCalled();
  });

  it("refuses to persist on Linux when safeStorage fell back to 'basic_text'", async () => {
    setEncryption({ available: true, backend: 'basic_text' });
    const vault = createKeyVault(file, 'linux');
    const verdict = vault.canPersist();
    expect(verdict.ok === false && verdict.reason).toMatch(/keyring/);
    await expect(vault.save(KEY)).rejects.toThrow();
    expect(safeStorage.encryptString).not.toHaveBeenCalled();
  });

  it('does not read the backend outside Linux, where it does not exist', () => {
    setEncryption({ available: true, backend: 'basic_text' });
    expect(createKeyVault(file, 'win32').canPersist()).toEqual({ ok: true });
  });

  it('refuses a file in an unknown format instead of decrypting it', async () => {
    await writeFile(join(dir, 'plain'), KEY);
    await expect(createKeyVault(join(dir, 'plain'), 'linux').load()).rejects.toThrow(/unknown format/);
    expect(safeStorage.decryptString).not.toHaveBeenCalled();
  });
});
