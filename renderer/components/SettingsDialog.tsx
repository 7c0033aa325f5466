import { useEffect, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { COMMON_SAMPLE_RATES, ENCODINGS, type Encoding } from '../../shared/audio-format';
import type { SettingsPatch } from '../../shared/settings';
import { kiloHertz } from '../lib/format';
import { useDialogStore } from '../stores/useDialogStore';
import { useSettingsStore } from '../stores/useSettingsStore';
import { Dialog } from './Dialog';
import { ChoiceGroup } from './ChoiceGroup';
import { SelectField } from './SelectField';
import { ShapeSliders } from './SoundControls';

const ENCODING_WORDS: Record<Encoding, string> = {
  pcm_s16le: '16-bit PCM (smallest lossless)',
  pcm_f32le: '32-bit float PCM',
  pcm_mulaw: 'μ-law (telephony)',
};

function UrlField({ label, value, onCommit }: { label: string; value: string; onCommit(value: string): void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return (
    <label className="field">
      <span className="field__label">{label}</span>
      <input
        type="url"
        spellCheck={false}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => draft !== value && onCommit(draft.trim())}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && draft !== value) {
            event.preventDefault();
            onCommit(draft.trim());
          }
        }}
      />
    </label>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="settings__section">
      <h3>{title}</h3>
      {children}
    </section>
  );
}

/** How speech is fetched and in which format; endpoints under "Advanced". Changes apply at once. */
export function SettingsDialog() {
  const open = useDialogStore((s) => s.open === 'settings');
  const close = useDialogStore((s) => s.api.close);
  const { settings, problem, update } = useSettingsStore(
    useShallow((s) => ({ settings: s.settings, problem: s.problem, update: s.api.update })),
  );
  const change = (patch: SettingsPatch) => void update(patch);

  return (
    <Dialog title="Settings" open={open} onClose={close} wide>
      <div className="settings">
        {problem && (
          <p className="problem" role="alert">
            {problem}
          </p>
        )}
        <Section title="Streaming">
          <ChoiceGroup
            legend="Transport"
            group="settings-transport"
            value={settings.transport}
            onChange={(transport) => change({ transport })}
            options={[
              {
                value: 'ws',
                label: 'WebSocket streaming',
                hint: 'Lowest latency; one connection for the whole script.',
              },
              { value: 'http', label: 'HTTP', hint: 'One request per sentence; works through strict proxies.' },
            ]}
          />
          <ChoiceGroup
            legend="Send text by"
            group="settings-aggregation"
            value={settings.aggregation}
            onChange={(aggregation) => change({ aggregation })}
            options={[
              { value: 'sentence', label: 'Sentence', hint: 'Whole sentences: the most natural phrasing.' },
              { value: 'token', label: 'Token', hint: 'Word by word as it comes: earliest first audio.' },
            ]}
          />
        </Section>
        <Section title="Audio from the API">
          <div className="settings__row">
            <SelectField
              label="Sample rate"
              value={settings.sampleRate}
              options={COMMON_SAMPLE_RATES.map((rate) => ({ value: rate, label: kiloHertz(rate) }))}
              onChange={(sampleRate) => change({ sampleRate })}
            />
            <SelectField
              label="Encoding"
              value={settings.encoding}
              options={ENCODINGS.map((encoding) => ({ value: encoding, label: ENCODING_WORDS[encoding] }))}
              onChange={(encoding) => change({ encoding })}
            />
          </div>
        </Section>
        <Section title="Voice shaping">
          <div className="settings__row">
            <ShapeSliders />
          </div>
          <p className="note">Also above the script, where you can change them while listening.</p>
        </Section>
        <details className="settings__advanced">
          <summary>Advanced</summary>
          <p className="note">Where the Async API lives. Change these only to use a proxy or a test server.</p>
          <UrlField label="HTTP endpoint" value={settings.httpUrl} onCommit={(httpUrl) => change({ httpUrl })} />
          <UrlField label="WebSocket endpoint" value={settings.wsUrl} onCommit={(wsUrl) => change({ wsUrl })} />
        </details>
      </div>
    </Dialog>
  );
}
