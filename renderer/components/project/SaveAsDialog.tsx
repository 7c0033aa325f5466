import { useEffect, useState, type FormEvent } from 'react';
import type { StudioErrorInfo } from '../../../shared/errors';
import { useProjectStore } from '../../stores/useProjectStore';
import { useViewStore } from '../../stores/useViewStore';
import { Dialog } from '../Dialog';
import { Problem } from '../Problem';
import { allTextSent } from './project-commands';

/** Save a copy of the project (takes included) under a new name; the copy is what stays open. */
export function SaveAsDialog({ currentName }: { currentName: string }) {
  const open = useViewStore((s) => s.dialog === 'save-as');
  const showDialog = useViewStore((s) => s.api.showDialog);
  const saveAs = useProjectStore((s) => s.api.saveAs);
  const busy = useProjectStore((s) => s.busy === 'saving-as');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<StudioErrorInfo | null>(null);

  useEffect(() => {
    if (!open) return;
    setName(`${currentName} (copy)`);
    setProblem(null);
  }, [open]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // The copy is made from the engine's project: text still being typed must be in it, or nothing is copied.
    if (!(await allTextSent())) return showDialog(null);
    const error = await saveAs(name.trim());
    setProblem(error);
    if (!error) showDialog(null);
  };

  return (
    <Dialog title="Save project as" open={open} onClose={() => showDialog(null)}>
      <form className="form" onSubmit={(event) => void submit(event)}>
        <label className="field">
          <span className="field__label">New name</span>
          <input
            type="text"
            data-autofocus=""
            maxLength={200}
            value={name}
            onChange={(event) => setName(event.target.value)}
          />
        </label>
        <p className="note">A copy with every take is made in a new folder, and the copy stays open.</p>
        <Problem error={problem} />
        <div className="form__actions">
          <button type="button" className="button" onClick={() => showDialog(null)}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={!name.trim() || busy}>
            {busy ? 'Saving…' : 'Save copy'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
