import { useState, type FormEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { maskedKey } from '../lib/format';
import { useDialogStore } from '../stores/useDialogStore';
import { useSettingsStore } from '../stores/useSettingsStore';
import { useStatusStore } from '../stores/useStatusStore';
import { Dialog } from './Dialog';

const STORAGE_WORDS = {
  keychain: 'saved in your system keychain',
  session: 'kept for this session only',
  environment: 'taken from the ASYNCAI_API_KEY environment variable',
} as const;

/** Add, replace or clear the Async API key. The key goes to the engine and never comes back: only its last 4 characters. */
export function KeyDialog() {
  const open = useDialogStore((s) => s.open === 'key');
  const close = useDialogStore((s) => s.api.close);
  const { key, engine, api } = useSettingsStore(
    useShallow((s) => ({ key: s.key, engine: s.settings.engine, api: s.api })),
  );
  const [value, setValue] = useState('');
  const [persist, setPersist] = useState(true);
  const [checking, setChecking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const canPersist = key?.canPersist ?? false;

  const finish = () => {
    setValue('');
    setProblem(null);
    close();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setChecking(true);
    setProblem(null);
    const refusal = await api.setKey(value.trim(), persist && canPersist);
    setChecking(false);
    if (refusal) return setProblem(refusal);
    if (engine !== 'async') await api.update({ engine: 'async' });
    useStatusStore.getState().api.notify('Key accepted: speaking with Async.');
    finish();
  };

  return (
    <Dialog title="Connect to Async" open={open} onClose={finish}>
      {key?.hasKey && key.hint && (
        <div className="key-current">
          <p>
            A key ending in <code className="key-hint">{maskedKey(key.hint)}</code> is{' '}
            {key.storage ? STORAGE_WORDS[key.storage] : 'set'}.
          </p>
          <button
            type="button"
            className="button button--danger"
            disabled={key.storage === 'environment'}
            title={key.storage === 'environment' ? 'Unset ASYNCAI_API_KEY and restart to remove it.' : undefined}
            onClick={() => void api.clearKey()}
          >
            Clear key
          </button>
        </div>
      )}
      <form className="form" onSubmit={(event) => void submit(event)}>
        <label className="field">
          <span className="field__label">API key</span>
          <input
            type="password"
            data-autofocus
            autoComplete="off"
            spellCheck={false}
            placeholder="sk_…"
            value={value}
            onChange={(event) => setValue(event.target.value)}
            required
            minLength={8}
          />
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={persist && canPersist}
            disabled={!canPersist}
            onChange={(event) => setPersist(event.target.checked)}
            aria-describedby={canPersist ? undefined : 'key-persistence-note'}
          />
          Remember on this computer
        </label>
        {key?.persistenceNote && (
          <p id="key-persistence-note" className="note">
            {key.persistenceNote}
          </p>
        )}
        <p className="note">
          The key is checked with one small request, then kept by the studio's engine; this window never sees it again.
        </p>
        {problem && (
          <p className="problem" role="alert">
            {problem}
          </p>
        )}
        <div className="form__actions">
          <button type="button" className="button" onClick={finish}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={checking || value.trim().length < 8}>
            {checking ? 'Checking…' : 'Save key'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
