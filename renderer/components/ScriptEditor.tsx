import { useRef, useState } from 'react';
import { breakTag, digitsTag, phonemesTag, plainText } from '../../shared/markup';
import { estimateCost, findModel } from '../../shared/models';
import { MOD_KEY } from '../hooks/useShortcuts';
import { formatSeconds, formatUsd } from '../lib/format';
import { insertMarkup } from '../lib/insert-markup';
import { useScriptStore } from '../stores/useScriptStore';
import { useSettingsStore } from '../stores/useSettingsStore';

const BREAKS_MS = [250, 500, 1000, 2000];

/** Characters, expected length and price of the script as it stands. */
function ScriptFigures({ text }: { text: string }) {
  const { engine, modelId } = useSettingsStore((s) => s.settings);
  const spoken = plainText(text);
  const cost = estimateCost(spoken, modelId);
  const model = findModel(modelId);
  return (
    <p className="script__figures" aria-live="polite">
      <span>{cost.characters.toLocaleString()} characters</span>
      <span>about {formatSeconds(cost.audioSeconds, 0)} of audio</span>
      {engine === 'async' ? (
        <span title={`${model?.label ?? modelId}: $${model?.pricePerHourUsd ?? 0} per hour of audio`}>
          est. {formatUsd(cost.usd)}
        </span>
      ) : (
        <span>free with the offline engine</span>
      )}
    </p>
  );
}

/**
 * The script, with helpers that insert the API's markup at the cursor (around the selection for
 * phonemes and digits). The text is saved locally as it is typed.
 */
export function ScriptEditor() {
  const text = useScriptStore((s) => s.text);
  const setText = useScriptStore((s) => s.api.setText);
  const ref = useRef<HTMLTextAreaElement>(null);
  const [breakMs, setBreakMs] = useState(500);

  const insert = (build: (selected: string) => string) => {
    const area = ref.current;
    if (!area) return;
    const next = insertMarkup({ text: area.value, start: area.selectionStart, end: area.selectionEnd }, build);
    setText(next.text);
    // After React has written the new value, put the cursor where the user continues typing.
    requestAnimationFrame(() => {
      area.focus();
      area.setSelectionRange(next.start, next.end);
    });
  };

  return (
    <section className="panel script" aria-labelledby="script-heading">
      <header className="panel__header">
        <h2 id="script-heading">
          <label htmlFor="script-text">Script</label>
        </h2>
        <div className="toolbar" role="toolbar" aria-label="Insert markup">
          <div className="split">
            <button
              type="button"
              className="button button--small"
              title="Insert a pause (a break element) at the cursor"
              onClick={() => insert(() => breakTag(breakMs))}
            >
              Break
            </button>
            <select
              className="split__select"
              aria-label="Break length"
              value={breakMs}
              onChange={(event) => setBreakMs(Number(event.target.value))}
            >
              {BREAKS_MS.map((ms) => (
                <option key={ms} value={ms}>
                  {ms < 1000 ? `${ms} ms` : `${ms / 1000} s`}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="button button--small"
            title="Spell the selection out as phonemes (IPA)"
            onClick={() => insert(phonemesTag)}
          >
            Phonemes
          </button>
          <button
            type="button"
            className="button button--small"
            title="Read the selection digit by digit"
            onClick={() => insert(digitsTag)}
          >
            Digits
          </button>
        </div>
      </header>
      <textarea
        id="script-text"
        ref={ref}
        className="script__text"
        aria-label="Script"
        spellCheck
        value={text}
        placeholder="Type or paste what should be spoken…"
        title={`${MOD_KEY}+Enter plays`}
        onChange={(event) => setText(event.target.value)}
      />
      <ScriptFigures text={text} />
    </section>
  );
}
