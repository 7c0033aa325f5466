import { useCallback, useRef } from 'react';
import { AboutDialog } from './components/AboutDialog';
import { ExportDialog } from './components/ExportDialog';
import { KeyDialog } from './components/KeyDialog';
import { ProjectWorkspace } from './components/project/ProjectWorkspace';
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
import { useViewStore } from './stores/useViewStore';

/** The single-script studio: voices on the left, script, transport and waveform in the centre, takes on the right. */
function StudioWorkspace() {
  const searchRef = useRef<HTMLInputElement>(null);
  const focusVoiceSearch = useCallback(() => {
    searchRef.current?.focus();
    searchRef.current?.select();
  }, []);
  useShortcuts(focusVoiceSearch);
  return (
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
  );
}

/** The app: the studio or the projects view between the top bar and the status bar, and the shared dialogs. */
export function App() {
  useStudioEvents();
  const view = useViewStore((s) => s.view);
  const aboutOpen = useViewStore((s) => s.dialog === 'about');
  const showDialog = useViewStore((s) => s.api.showDialog);

  return (
    <div className="app">
      <TopBar />
      {view === 'studio' ? <StudioWorkspace /> : <ProjectWorkspace />}
      <StatusBar />
      <KeyDialog />
      <SettingsDialog />
      <ExportDialog />
      <AboutDialog open={aboutOpen} onClose={() => showDialog(null)} />
    </div>
  );
}
