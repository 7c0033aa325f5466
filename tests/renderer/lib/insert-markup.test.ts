import { describe, expect, it } from 'vitest';
import { breakTag, digitsTag, phonemesTag } from '../../../shared/markup';
import { insertMarkup } from '../../../renderer/lib/insert-markup';

describe('insertMarkup', () => {
  it('inserts a break at the cursor and puts the cursor after it', () => {
    const result = insertMarkup({ text: 'Hello world', start: 5, end: 5 }, () => breakTag(500));
    expect(result.text).toBe("Hello<break time='500ms'/> world");
    expect(result.start).toBe(5 + "<break time='500ms'/>".length);
  });

  it('wraps the selection in digits and leaves the cursor after the element', () => {
    const result = insertMarkup({ text: 'Call 5551234 now', start: 5, end: 12 }, digitsTag);
    expect(result.text).toBe('Call <digits>5551234</digits> now');
    expect(result.start).toBe(result.end);
    expect(result.start).toBe('Call <digits>5551234</digits>'.length);
  });

  it('with nothing selected, puts the cursor inside the empty element so the user can type', () => {
    const result = insertMarkup({ text: 'Say ', start: 4, end: 4 }, phonemesTag);
    expect(result.text).toBe('Say <phonemes></phonemes>');
    expect(result.start).toBe('Say <phonemes>'.length);
  });
});
