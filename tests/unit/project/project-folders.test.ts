import { describe, expect, it } from 'vitest';
import { projectFolderName } from '../../../electron/engine/project/project-folders';

describe('project folder names', () => {
  it('are a readable slug of the name plus a short id', () => {
    expect(projectFolderName('My Book', 'ab12cd34')).toBe('my-book-ab12cd34');
    expect(projectFolderName('  Café Noir: Chapter 1 / draft… ', 'x')).toBe('cafe-noir-chapter-1-draft-x');
    expect(projectFolderName('../../etc', 'x')).toBe('etc-x');
  });

  it('fall back to "project" when the name has nothing a folder name can keep, and stay short', () => {
    expect(projectFolderName('東京物語', 'x')).toBe('project-x');
    expect(projectFolderName('a'.repeat(300), 'x')).toBe(`${'a'.repeat(40)}-x`);
    expect(projectFolderName(`${'word '.repeat(8)}end`, 'x')).toBe('word-word-word-word-word-word-word-word-x');
  });

  it('differ between two projects of the same name', () => {
    expect(projectFolderName('Same')).not.toBe(projectFolderName('Same'));
  });
});
