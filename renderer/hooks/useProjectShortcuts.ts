import { useEffect } from 'react';
import {
  currentBlock,
  focusBlockElement,
  proposeBlockRender,
  saveNow,
  stepBlock,
  togglePlayChapter,
} from '../components/project/project-commands';
import { useDialogStore } from '../stores/useDialogStore';
import { useViewStore } from '../stores/useViewStore';
import { spaceBelongsToControl } from './useShortcuts';

/** Where letters and arrows are the user's typing or choosing, not navigation. */
export function typingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  return !!target.closest('input, textarea, select, [role="listbox"], [role="tablist"], [role="radiogroup"], dialog');
}

/** The block whose card (or text) holds the focus, if any. */
function blockOf(target: EventTarget | null): string | null {
  return target instanceof HTMLElement
    ? (target.closest<HTMLElement>('[data-block-id]')?.dataset.blockId ?? null)
    : null;
}

/**
 * The project view's keys: J/K or ↓/↑ move between blocks (Shift picks a range), Enter edits the
 * block, Escape leaves its text, Space plays the chapter from the block or stops, Ctrl/Cmd+Enter
 * renders the block (after its estimate), Ctrl/Cmd+S sends what is typed now. Active while an
 * open project is on screen.
 */
export function useProjectShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      // A dialog has the keyboard while it is open.
      if (useViewStore.getState().dialog || useDialogStore.getState().open) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key;
      if (mod && !event.altKey && key.toLowerCase() === 's') {
        event.preventDefault();
        void saveNow();
        return;
      }
      if (mod && !event.altKey && key === 'Enter') {
        const blockId = blockOf(event.target) ?? currentBlock()?.id;
        if (!blockId) return;
        event.preventDefault();
        void proposeBlockRender(blockId);
        return;
      }
      if (mod || event.altKey) return;
      if (key === 'Escape' && event.target instanceof HTMLTextAreaElement) {
        const blockId = blockOf(event.target);
        if (blockId) {
          event.preventDefault();
          focusBlockElement(blockId);
        }
        return;
      }
      if (key === ' ' && !spaceBelongsToControl(event.target)) {
        event.preventDefault();
        togglePlayChapter();
        return;
      }
      if (typingTarget(event.target)) return;
      const lower = key.toLowerCase();
      if (lower === 'j' || key === 'ArrowDown' || lower === 'k' || key === 'ArrowUp') {
        event.preventDefault();
        stepBlock(lower === 'j' || key === 'ArrowDown' ? 1 : -1, event.shiftKey);
      } else if (key === 'Enter' && !(event.target instanceof HTMLElement && event.target.closest('button, a[href]'))) {
        const blockId = blockOf(event.target) ?? currentBlock()?.id;
        if (!blockId) return;
        event.preventDefault();
        focusBlockElement(blockId, 'text');
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
