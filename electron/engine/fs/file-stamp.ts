/**
 * A date that can be part of a file name on every platform, for copies of damaged files kept
 * aside: ISO 8601 (so names sort by time) with ':' (refused by Windows) and '.' turned into '-'.
 */
export function fileStamp(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}
