// @vitest-environment jsdom
import { act, fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useCastingStore } from '../../../renderer/stores/useCastingStore';
import { useProjectStore } from '../../../renderer/stores/useProjectStore';
import { makeProject } from '../fake-project';
import { cleanupAfterEach } from '../studio-harness';
import { renderProjectApp } from './project-app';

cleanupAfterEach();

function book() {
  const project = makeProject('Book', [
    {
      id: 'c1',
      title: 'Voices',
      blocks: [
        ['b1', 'Who is there?'],
        ['b2', 'Only the wind.'],
      ],
    },
  ]);
  project.cast.push({
    id: 'sp-guest',
    name: 'Guest',
    voice: { engine: 'offline', voiceId: 'offline:rms', modelId: 'async_flash_v1.0' },
  });
  return project;
}

async function open(panel: 'cast' | 'casting') {
  const fake = await renderProjectApp(book(), { key: { hasKey: true, hint: 'abcd' }, panel });
  return fake;
}

/** A speaker's row in the cast, found by the name in its name field. */
const speakerRow = (name: string) =>
  (screen.getAllByRole('textbox', { name: 'Speaker name' }) as HTMLInputElement[])
    .find((input) => input.value === name)!
    .closest('li')!;
const edits = (calls: unknown[]) => calls.flatMap((r) => (r as { edits: unknown[] }).edits);

describe('casting grid', () => {
  it('plays the line in each candidate and gives the winner to the speaker being cast', async () => {
    const fake = await open('casting');
    expect((screen.getByRole('textbox', { name: 'Casting line' }) as HTMLTextAreaElement).value).toBe('Who is there?');
    // Candidate 1 is the speaker's own voice; candidate 2 is another voice at another speed.
    fireEvent.click(screen.getByRole('button', { name: '+ Add candidate' }));
    const editor = screen.getByRole('group', { name: 'Candidate 2 voice' });
    fireEvent.click(within(editor).getByRole('radio', { name: 'Async' }));
    await screen.findByRole('option', { name: /Bruno/ });
    fireEvent.change(within(editor).getByRole('combobox', { name: 'Candidate 2 voice name' }), {
      target: { value: 'v-bruno' },
    });
    fireEvent.change(within(editor).getByRole('combobox', { name: 'Candidate 2 language' }), {
      target: { value: 'fr' },
    });

    fireEvent.click(screen.getByRole('button', { name: 'Play Candidate 2' }));
    const stream = fake.lastStream();
    expect(stream.channel).toBe('casting:play');
    expect(stream.request).toEqual({
      text: 'Who is there?',
      voice: { engine: 'async', voiceId: 'v-bruno', modelId: 'async_flash_v1.0', language: 'fr' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Play Candidate 1' }));
    expect(stream.cancelled).toBe(true);
    expect(fake.lastStream().request).toEqual({
      text: 'Who is there?',
      voice: { engine: 'offline', voiceId: 'offline:slt', modelId: 'async_flash_v1.0' },
    });

    fireEvent.change(screen.getByRole('combobox', { name: 'Speaker to cast' }), { target: { value: 'sp-guest' } });
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Pick Candidate 2 for Guest' })));
    expect(edits(fake.callsTo('project:edit'))).toEqual([
      {
        op: 'update-speaker',
        speakerId: 'sp-guest',
        voice: { engine: 'async', voiceId: 'v-bruno', modelId: 'async_flash_v1.0', language: 'fr' },
      },
    ]);
    expect(screen.getByText('Given to Guest')).toBeTruthy();
    expect(useProjectStore.getState().snapshot!.project.cast[1]!.voice.voiceId).toBe('v-bruno');
  });

  it('a speaker chosen earlier that is gone from the cast: the pick goes to the speaker shown', async () => {
    const fake = await open('casting');
    act(() => useCastingStore.getState().api.setSpeaker('sp-removed-since'));
    expect((screen.getByRole('combobox', { name: 'Speaker to cast' }) as HTMLSelectElement).value).toBe('sp-narrator');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: 'Pick Candidate 1 for Narrator' })));
    expect(edits(fake.callsTo('project:edit'))).toMatchObject([{ op: 'update-speaker', speakerId: 'sp-narrator' }]);
    expect(screen.getByText('Given to Narrator')).toBeTruthy();
  });
});

describe('cast panel', () => {
  it('adds a speaker, casts a block with it, and removing a speaker asks who takes over', async () => {
    const fake = await open('cast');
    fireEvent.click(screen.getByRole('button', { name: '+ Add speaker' }));
    await act(async () => {});
    const added = edits(fake.callsTo('project:edit'))[0] as { op: string; speaker: { id: string; name: string } };
    expect(added).toMatchObject({ op: 'add-speaker', speaker: { name: 'Speaker 3', voice: book().cast[0]!.voice } });
    const names = screen.getAllByRole('textbox', { name: 'Speaker name' }) as HTMLInputElement[];
    expect(names.map((n) => n.value)).toEqual(['Narrator', 'Guest', 'Speaker 3']);
    fireEvent.change(names[2]!, { target: { value: 'Stranger' } });
    await act(async () => fireEvent.blur(names[2]!));

    await act(async () =>
      fireEvent.change(screen.getByRole('combobox', { name: 'Speaker of block 2' }), {
        target: { value: added.speaker.id },
      }),
    );
    const b2 = useProjectStore.getState().snapshot!.project.chapters[0]!.blocks[1]!;
    expect(b2.speakerId).toBe(added.speaker.id);

    fireEvent.click(within(speakerRow('Stranger')).getByRole('button', { name: 'Remove' }));
    const ask = screen.getByRole('group', { name: 'Remove Stranger' });
    expect(ask.textContent).toContain('Who takes over Stranger’s 1 blocks?');
    fireEvent.change(within(ask).getByRole('combobox', { name: 'Replacement speaker' }), {
      target: { value: 'sp-guest' },
    });
    await act(async () => fireEvent.click(within(ask).getByRole('button', { name: 'Remove speaker' })));
    expect(edits(fake.callsTo('project:edit')).at(-1)).toEqual({
      op: 'remove-speaker',
      speakerId: added.speaker.id,
      replacementId: 'sp-guest',
    });
    expect(useProjectStore.getState().snapshot!.project.chapters[0]!.blocks[1]!.speakerId).toBe('sp-guest');
  });

  it('edits a speaker’s voice with the model’s controls, and the speaker’s blocks turn stale', async () => {
    const fake = await open('cast');
    act(() => {
      void fake.project.handlers['render:start']({ scope: { kind: 'stale' }, regenerate: false });
      fake.project.renderAll();
    });
    const narrator = speakerRow('Narrator');
    fireEvent.click(within(narrator).getByRole('button', { name: 'Edit voice' }));
    const editor = within(narrator).getByRole('group', { name: 'Narrator voice' });
    // Offline: model and language are the Async engine's, and say so.
    expect(within(editor).getByRole('combobox', { name: 'Narrator model' })).toHaveProperty('disabled', true);
    await act(async () =>
      fireEvent.change(within(editor).getByRole('combobox', { name: 'Narrator voice name' }), {
        target: { value: 'offline:rms' },
      }),
    );
    expect(edits(fake.callsTo('project:edit')).at(-1)).toEqual({
      op: 'update-speaker',
      speakerId: 'sp-narrator',
      voice: { engine: 'offline', voiceId: 'offline:rms', modelId: 'async_flash_v1.0' },
    });
    const state = (n: number) => screen.getByRole('article', { name: `Block ${n}` }).getAttribute('data-state');
    expect([state(1), state(2)]).toEqual(['stale', 'stale']);
  });
});
