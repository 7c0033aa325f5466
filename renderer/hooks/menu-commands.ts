import type { MenuCommand } from '../../shared/ipc-contract';
import { importPicker, togglePlayChapter } from '../components/project/project-commands';
import { useDialogStore } from '../stores/useDialogStore';
import { usePlaybackStore } from '../stores/usePlaybackStore';
import { useProjectPlaybackStore } from '../stores/useProjectPlaybackStore';
import { useProjectStore } from '../stores/useProjectStore';
import { useScriptStore } from '../stores/useScriptStore';
import { useStatusStore } from '../stores/useStatusStore';
import { useViewStore } from '../stores/useViewStore';

/** The project home's name field, focused by "New Project…". */
export const NEW_PROJECT_FIELD_ID = 'new-project-name';

function showProjects(home: boolean): void {
  useViewStore.getState().api.setView('projects');
  useViewStore.getState().api.showHome(home);
}

/**
 * What the desktop app's menu asks for. Commands act on the view in front: Play/Stop and Export
 * mean the chapter and the project's export in the project view, the script and its take in the studio.
 */
export function runMenuCommand(command: MenuCommand): void {
  const view = useViewStore.getState();
  const inProject = view.view === 'projects' && !!useProjectStore.getState().snapshot;
  switch (command) {
    case 'new-script':
      view.api.setView('studio');
      useScriptStore.getState().api.setText('');
      requestAnimationFrame(() => document.getElementById('script-text')?.focus());
      return;
    case 'play-toggle':
      if (inProject) return togglePlayChapter();
      if (usePlaybackStore.getState().status !== 'idle') return usePlaybackStore.getState().api.stop();
      return usePlaybackStore.getState().api.play(useScriptStore.getState().text);
    case 'stop':
      useProjectPlaybackStore.getState().api.stop();
      return usePlaybackStore.getState().api.stop();
    case 'export':
      if (inProject) return view.api.showDialog('export');
      return useDialogStore.getState().api.show('export');
    case 'add-api-key':
      return useDialogStore.getState().api.show('key');
    case 'new-project':
      showProjects(true);
      requestAnimationFrame(() => document.getElementById(NEW_PROJECT_FIELD_ID)?.focus());
      return;
    case 'open-project':
      showProjects(false);
      void useProjectStore
        .getState()
        .api.open(null)
        .then((opened) => {
          if (!opened) showProjects(true);
        });
      return;
    case 'import-script': {
      showProjects(false);
      if (!useProjectStore.getState().snapshot) {
        showProjects(true);
        return useStatusStore.getState().api.notify('Open or create a project to import a script into.');
      }
      // The picker appears once the project view (and its import button) is on screen.
      requestAnimationFrame(() => importPicker.get()?.());
      return;
    }
    case 'about':
      return view.api.showDialog('about');
  }
}
