import { useState } from 'react';
import { languageName } from '../../../shared/languages';
import { findModel } from '../../../shared/models';
import type { Project, Speaker } from '../../../shared/project';
import { useCatalogueStore, voiceName } from '../../stores/useCatalogueStore';
import { newId, useProjectStore } from '../../stores/useProjectStore';
import { SelectField } from '../SelectField';
import { RenameField } from './RenameField';
import { SpeakerVoiceEditor } from './SpeakerVoiceEditor';

/** The speaker's name, renamed when the field is left or Enter is pressed. */
function SpeakerName({ speaker }: { speaker: Speaker }) {
  const editOrReport = useProjectStore((s) => s.api.editOrReport);
  return (
    <RenameField
      className="speaker__name"
      aria-label="Speaker name"
      value={speaker.name}
      onRename={(name) => void editOrReport([{ op: 'update-speaker', speakerId: speaker.id, name }])}
    />
  );
}

/** Removing a speaker asks who takes over their blocks. */
function RemoveSpeaker({ project, speaker, onDone }: { project: Project; speaker: Speaker; onDone(): void }) {
  const editOrReport = useProjectStore((s) => s.api.editOrReport);
  const others = project.cast.filter((s) => s.id !== speaker.id);
  const [replacementId, setReplacementId] = useState(
    others.find((s) => s.id === project.defaults.speakerId)?.id ?? others[0]?.id ?? '',
  );
  const blocks = project.chapters.reduce((n, c) => n + c.blocks.filter((b) => b.speakerId === speaker.id).length, 0);
  return (
    <div className="inset speaker__remove" role="group" aria-label={`Remove ${speaker.name}`}>
      <SelectField
        label={
          blocks ? `Who takes over ${speaker.name}’s ${blocks} blocks?` : `Remove ${speaker.name}? Who replaces them?`
        }
        aria-label="Replacement speaker"
        value={replacementId}
        options={others.map((s) => ({ value: s.id, label: s.name }))}
        onChange={setReplacementId}
      />
      <span className="speaker__actions">
        <button
          type="button"
          className="button button--small button--danger"
          onClick={() =>
            void editOrReport([{ op: 'remove-speaker', speakerId: speaker.id, replacementId }]).then(onDone)
          }
        >
          Remove speaker
        </button>
        <button type="button" className="button button--small" onClick={onDone}>
          Keep
        </button>
      </span>
    </div>
  );
}

function SpeakerRow({ project, speaker }: { project: Project; speaker: Speaker }) {
  const editOrReport = useProjectStore((s) => s.api.editOrReport);
  const voices = useCatalogueStore((s) => s.voices);
  const [editing, setEditing] = useState(false);
  const [removing, setRemoving] = useState(false);
  const isDefault = project.defaults.speakerId === speaker.id;
  return (
    <li className="speaker">
      <div className="speaker__head">
        <SpeakerName speaker={speaker} />
        {isDefault ? (
          <span className="badge" title="New blocks and imported scripts are spoken by the default speaker">
            Default
          </span>
        ) : (
          <button
            type="button"
            className="link-button"
            onClick={() => void editOrReport([{ op: 'set-default-speaker', speakerId: speaker.id }])}
          >
            Make default
          </button>
        )}
      </div>
      <p className="speaker__voice">
        {voiceName(voices, speaker.voice.voiceId)} ·{' '}
        {speaker.voice.engine === 'offline'
          ? 'offline engine'
          : (findModel(speaker.voice.modelId)?.label ?? speaker.voice.modelId)}
        {speaker.voice.language ? ` · ${languageName(speaker.voice.language)}` : ''}
        {speaker.voice.speed !== undefined ? ` · ${speaker.voice.speed.toFixed(2)}×` : ''}
      </p>
      <span className="speaker__actions">
        <button
          type="button"
          className="button button--small"
          aria-expanded={editing}
          onClick={() => setEditing(!editing)}
        >
          {editing ? 'Done' : 'Edit voice'}
        </button>
        {project.cast.length > 1 && !removing && (
          <button type="button" className="link-button link-button--quiet" onClick={() => setRemoving(true)}>
            Remove
          </button>
        )}
      </span>
      {editing && (
        <SpeakerVoiceEditor
          label={speaker.name}
          voice={speaker.voice}
          onChange={(voice) => void editOrReport([{ op: 'update-speaker', speakerId: speaker.id, voice }])}
        />
      )}
      {removing && <RemoveSpeaker project={project} speaker={speaker} onDone={() => setRemoving(false)} />}
    </li>
  );
}

/** The cast: named speakers and their voices; blocks name a speaker, never a voice. */
export function CastPanel({ project }: { project: Project }) {
  const editOrReport = useProjectStore((s) => s.api.editOrReport);
  const addSpeaker = () => {
    const model = project.cast.find((s) => s.id === project.defaults.speakerId) ?? project.cast[0]!;
    void editOrReport([
      { op: 'add-speaker', speaker: { id: newId(), name: `Speaker ${project.cast.length + 1}`, voice: model.voice } },
    ]);
  };
  return (
    <div className="side__body">
      <ul className="plain-list cast">
        {project.cast.map((speaker) => (
          <SpeakerRow key={speaker.id} project={project} speaker={speaker} />
        ))}
      </ul>
      <button type="button" className="button button--small" onClick={addSpeaker}>
        + Add speaker
      </button>
    </div>
  );
}
