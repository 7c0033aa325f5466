/** The editor's text and selection, as a textarea reports them. */
export interface TextSelection {
  text: string;
  start: number;
  end: number;
}

/**
 * Inserts markup at the cursor: `build` receives the selected text (empty when nothing is
 * selected) and returns the markup replacing it. The cursor lands inside an element left empty, so
 * the user can type its content, or after the element otherwise.
 */
export function insertMarkup(selection: TextSelection, build: (selected: string) => string): TextSelection {
  const { text, start, end } = selection;
  const selected = text.slice(start, end);
  const markup = build(selected);
  const next = text.slice(0, start) + markup + text.slice(end);
  const emptyElement = selected === '' ? /^<(\w+)><\/\1>$/.exec(markup) : null;
  const cursor = emptyElement ? start + emptyElement[1]!.length + 2 : start + markup.length;
  return { text: next, start: cursor, end: cursor };
}
