// @vitest-environment jsdom
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../../shared/models';
import { ScriptEditor } from '../../../renderer/components/ScriptEditor';
import { formatUsd } from '../../../renderer/lib/format';
import { useScriptStore } from '../../../renderer/stores/useScriptStore';
import { cleanupAfterEach, startStudio } from '../studio-harness';

cleanupAfterEach();

function script(): HTMLTextAreaElement {
  return screen.getByRole('textbox', { name: 'Script' }) as HTMLTextAreaElement;
}

async function renderEditor(text: string, settings = {}) {
  await startStudio({ settings });
  useScriptStore.getState().api.setText(text);
  render(<ScriptEditor />);
}

describe('ScriptEditor', () => {
  it('inserts a break of the chosen length at the cursor', async () => {
    await renderEditor('Hello world');
    script().setSelectionRange(5, 5);
    await userEvent.selectOptions(screen.getByRole('combobox', { name: 'Break length' }), '1000');
    script().setSelectionRange(5, 5);
    fireEvent.click(screen.getByRole('button', { name: 'Break' }));
    expect(script().value).toBe("Hello<break time='1000ms'/> world");
  });

  it('wraps the selection in digits or phonemes markup', async () => {
    await renderEditor('Call 5551234 or say tomato');
    script().setSelectionRange(5, 12);
    fireEvent.click(screen.getByRole('button', { name: 'Digits' }));
    expect(script().value).toBe('Call <digits>5551234</digits> or say tomato');
    const at = script().value.indexOf('tomato');
    script().setSelectionRange(at, at + 6);
    fireEvent.click(screen.getByRole('button', { name: 'Phonemes' }));
    expect(script().value).toBe('Call <digits>5551234</digits> or say <phonemes>tomato</phonemes>');
  });

  it('counts the spoken characters and estimates the cost from the model price', async () => {
    const text = 'A'.repeat(900) + "<break time='500ms'/>";
    await renderEditor(text, { engine: 'async', modelId: 'async_pro_v1.0' });
    expect(screen.getByText('900 characters')).toBeTruthy();
    expect(screen.getByText('about 1:00 of audio')).toBeTruthy();
    const usd = estimateCost('A'.repeat(900), 'async_pro_v1.0').usd;
    expect(screen.getByText(`est. ${formatUsd(usd)}`)).toBeTruthy();
    expect(formatUsd(usd)).toBe('$0.017');
  });

  it('says the offline engine is free', async () => {
    await renderEditor('Hello');
    expect(screen.getByText('free with the offline engine')).toBeTruthy();
  });

  it('saves the script locally as it is typed', async () => {
    await renderEditor('');
    await userEvent.type(script(), 'Never lose this');
    await waitFor(() => expect(localStorage.getItem('voice-studio:script')).toBe('Never lose this'));
  });
});
