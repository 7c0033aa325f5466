import { useCallback, useRef } from 'react';
import { ExportDialog } from './components/ExportDialog';
import { KeyDialog } from './components/KeyDialog';
import { ScriptEditor } from './components/ScriptEditor';
import { SettingsDialog } from './components/SettingsDialog';
import { SoundControls } from './components/SoundControls';
import { StatusBar } from './components/StatusBar';
import { TakesList } from './components/TakesList';
import { TopBar } from './components/TopBar';
import { TransportBar } from './components/TransportBar';
import { VoicePicker } from './components/VoicePicker';
import { Waveform } from './components/Waveform';
import { useShortcuts } from './hooks/useShortcuts';
import { useStudioEvents } from './hooks/useStudioEvents';

/** The studio: voices on the left, script, transport and waveform in the centre, takes on the right. */
export function App() {
  useStudioEvents();
  const searchRef = useRef<HTMLInputElement>(null);
  const focusVoiceSearch = useCallback(() => {
    searchRef.current?.focus();
    searchRef.current?.select();
  }, []);
  useShortcuts(focusVoiceSearch);

  return (
    <div className="app">
      <TopBar />
      <main className="workspace">
        <aside className="workspace__voices">
          <VoicePicker ref={searchRef} />
        </aside>
        <div className="workspace__centre">
          <SoundControls />
          <ScriptEditor />
          <TransportBar />
          <Waveform />
        </div>
        <aside className="workspace__takes">
          <TakesList />
        </aside>
      </main>
      <StatusBar />
      <KeyDialog />
      <SettingsDialog />
      <ExportDialog />
    </div>
  );
}
