import { useEffect } from 'react';
import { useDialogStore } from '../stores/useDialogStore';
import { usePlaybackStore } from '../stores/usePlaybackStore';
import { useScriptStore } from '../stores/useScriptStore';

/** Where Space belongs to the focused control (typing, ticking, choosing) rather than to the transport. */
export function spaceBelongsToControl(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.dataset.transport !== undefined) return false;
  if (target.isContentEditable) return true;
  return !!target.closest('input, textarea, select, button, a[href], [role="listbox"], [role="option"], dialog');
}

/** Shortcut labels for tooltips, in the platform's own words. */
export const MOD_KEY = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

/**
 * The studio view's keys: Space plays or stops (unless focus is in a control that uses Space),
 * Ctrl/Cmd+Enter plays, Ctrl/Cmd+E exports, Ctrl/Cmd+K jumps to the voice search. Active while
 * the studio view is mounted; the project view has its own (useProjectShortcuts).
 */
export function useShortcuts(focusVoiceSearch: () => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const playback = usePlaybackStore.getState();
      const mod = event.ctrlKey || event.metaKey;
      if (event.key === ' ' && !mod && !event.altKey && !spaceBelongsToControl(event.target)) {
        event.preventDefault();
        if (playback.status === 'idle') playback.api.play(useScriptStore.getState().text);
        else playback.api.stop();
        return;
      }
      if (!mod || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 'enter') {
        event.preventDefault();
        playback.api.play(useScriptStore.getState().text);
      } else if (key === 'e') {
        event.preventDefault();
        useDialogStore.getState().api.show('export');
      } else if (key === 'k') {
        event.preventDefault();
        focusVoiceSearch();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [focusVoiceSearch]);
}
