import { describe, expect, it } from 'vitest';
import { fileStamp } from '../../../electron/engine/fs/file-stamp';

describe('fileStamp', () => {
  it('writes the UTC time with only characters every platform allows in a file name', () => {
    expect(fileStamp(new Date(Date.UTC(2024, 2, 5, 7, 8, 9, 45)))).toBe('2024-03-05T07-08-09-045Z');
  });

  it('sorts as the times do', () => {
    const times = [Date.UTC(2023, 11, 31, 23, 59, 59, 999), Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1, 0, 0, 0, 1)];
    const stamps = times.map((t) => fileStamp(new Date(t)));
    expect([...stamps].sort()).toEqual(stamps);
  });
});
