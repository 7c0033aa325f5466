import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { describeIssues, StudioError } from '../../../shared/errors';
import { AppSettingsSchema, DEFAULT_SETTINGS, type AppSettings, type SettingsPatch } from '../../../shared/settings';
import { writeFileAtomic } from '../fs/atomic-write';
import { fileStamp } from '../fs/file-stamp';
import { createLogger } from '../log';
import type { EmitEvent } from './dispatch';

const log = createLogger('settings');

/** How many voices "recently used" keeps (the schema's limit). */
const RECENT_VOICES = 20;

export interface SettingsStore {
  /** The settings in effect: the file's, with start-up overrides (environment) on top. */
  get(): AppSettings;
  /** What `update(patch)` would produce, validated; throws BAD_INPUT and changes nothing when invalid. */
  preview(patch: SettingsPatch): AppSettings;
  /** Validates the merged settings, writes them atomically and emits `settings:changed`. */
  update(patch: SettingsPatch): Promise<AppSettings>;
  /** Moves a voice to the front of the recently used list (a voice was used to speak). */
  noteVoiceUsed(voiceId: string): Promise<void>;
  /** Waits for writes in progress. */
  flush(): Promise<void>;
}

export interface SettingsStoreOptions {
  dataDir: string;
  emit: EmitEvent;
  /**
   * Values that win over the file for this run only (ASYNCAI_API_URL and friends, as in the CLI).
   * They are not written to disk unless the user changes that field, which ends its override.
   */
  overrides?: SettingsPatch;
}

/** Reads settings.json; a damaged or invalid file is kept aside and the defaults are used instead. */
async function loadFile(path: string): Promise<AppSettings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log.warn(`Cannot read ${path}: ${String(error)}`);
    return DEFAULT_SETTINGS;
  }
  let problem: string;
  try {
    const json: unknown = JSON.parse(text);
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      problem = 'not a settings object';
    } else {
      // Fields added by a newer version of the defaults fill the gaps of an older file.
      const parsed = AppSettingsSchema.safeParse({ ...DEFAULT_SETTINGS, ...json });
      if (parsed.success) return parsed.data;
      problem = describeIssues(parsed.error);
    }
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error);
  }
  const aside = `${path}.corrupt-${fileStamp(new Date())}`;
  try {
    await rename(path, aside);
    log.warn(`settings.json was damaged (${problem}); kept it as ${aside} and started from the defaults.`);
  } catch (error) {
    log.warn(`settings.json was damaged (${problem}) and could not be kept aside (${String(error)}); using defaults.`);
  }
  return DEFAULT_SETTINGS;
}

function validate(candidate: AppSettings): AppSettings {
  const parsed = AppSettingsSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  throw new StudioError({
    code: 'BAD_INPUT',
    message: `Invalid settings: ${describeIssues(parsed.error)}`,
    hint: 'Change the highlighted setting and try again.',
  });
}

/** Opens the settings kept in `dataDir/settings.json`. Never fails on a bad file: it falls back to defaults. */
export async function openSettingsStore(options: SettingsStoreOptions): Promise<SettingsStore> {
  const path = join(options.dataDir, 'settings.json');
  await mkdir(options.dataDir, { recursive: true });
  let stored = await loadFile(path);
  let overrides: SettingsPatch = { ...options.overrides };

  let current = (() => {
    try {
      return validate({ ...stored, ...overrides });
    } catch (error) {
      log.warn(`Ignoring start-up overrides: ${error instanceof Error ? error.message : String(error)}`);
      overrides = {};
      return stored;
    }
  })();

  const preview = (patch: SettingsPatch) => validate({ ...current, ...patch });

  // Updates run one after another, so two quick changes both land, on disk in the order they were made.
  let queue: Promise<unknown> = Promise.resolve();
  const change = (makePatch: (settings: AppSettings) => SettingsPatch): Promise<AppSettings> => {
    const run = queue.then(async () => {
      const patch = makePatch(current);
      const next = preview(patch);
      const nextStored = validate({ ...stored, ...patch });
      await writeFileAtomic(path, `${JSON.stringify(nextStored, null, 2)}\n`);
      stored = nextStored;
      overrides = Object.fromEntries(Object.entries(overrides).filter(([k]) => !(k in patch))) as SettingsPatch;
      current = next;
      options.emit('settings:changed', current);
      return current;
    });
    queue = run.catch(() => undefined);
    return run;
  };

  return {
    get: () => current,
    preview,
    update: (patch) => change(() => patch),
    async noteVoiceUsed(voiceId) {
      if (current.recentVoiceIds[0] === voiceId) return;
      await change(({ recentVoiceIds }) => ({
        recentVoiceIds: [voiceId, ...recentVoiceIds.filter((id) => id !== voiceId)].slice(0, RECENT_VOICES),
      }));
    },
    flush: () => queue.then(() => undefined),
  };
}
