const KEY = 'voice-studio:script';

/** The script as last typed: the user's text survives reloads, crashes and errors. */
export function loadDraft(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** Saves the script as the user types (a full quota must not break typing). */
export function saveDraft(text: string): void {
  try {
    localStorage.setItem(KEY, text);
  } catch {
    // Storage full or disabled: the text stays in the editor, only the backup is lost.
  }
}
