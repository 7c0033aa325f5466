/** What the streaming endpoint writes into the audio when the quota runs out mid-stream (asyncai-api.md §4.3). */
export const QUOTA_MARKER = new TextEncoder().encode('--ERROR:QUOTA_EXCEEDED--');

export interface ScanResult {
  /** Bytes that are certainly audio and may be played. */
  audio: Uint8Array;
  /** True once the marker has been seen; nothing after it is audio. */
  quotaExceeded: boolean;
}

/** Index of `needle` in `haystack`, or -1. */
function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  const last = haystack.byteLength - needle.byteLength;
  outer: for (let i = 0; i <= last; i++) {
    for (let j = 0; j < needle.byteLength; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Length of the longest tail of `bytes` that is a proper prefix of the marker. */
function markerPrefixAtEnd(bytes: Uint8Array): number {
  for (let n = Math.min(QUOTA_MARKER.byteLength - 1, bytes.byteLength); n > 0; n--) {
    const start = bytes.byteLength - n;
    let match = true;
    for (let j = 0; j < n && match; j++) match = bytes[start + j] === QUOTA_MARKER[j];
    if (match) return n;
  }
  return 0;
}

/**
 * Finds the in-band quota marker in a byte stream whose chunks may split it anywhere. A chunk's
 * tail that could be the start of the marker is held back (at most marker length − 1 bytes) until
 * the next chunk, or the end of the stream, decides whether it was audio after all.
 */
export class QuotaMarkerScanner {
  private held = new Uint8Array(0);
  private found = false;

  /** Feeds the next network chunk; returns the bytes now known to be audio. */
  push(chunk: Uint8Array): ScanResult {
    if (this.found) return { audio: new Uint8Array(0), quotaExceeded: true };
    let bytes = chunk;
    if (this.held.byteLength > 0) {
      bytes = new Uint8Array(this.held.byteLength + chunk.byteLength);
      bytes.set(this.held);
      bytes.set(chunk, this.held.byteLength);
    }
    const at = indexOf(bytes, QUOTA_MARKER);
    if (at >= 0) {
      this.found = true;
      this.held = new Uint8Array(0);
      return { audio: bytes.subarray(0, at), quotaExceeded: true };
    }
    const keep = markerPrefixAtEnd(bytes);
    this.held = bytes.slice(bytes.byteLength - keep);
    return { audio: bytes.subarray(0, bytes.byteLength - keep), quotaExceeded: false };
  }

  /** The stream ended: held-back bytes were audio that merely looked like the marker's start. */
  end(): Uint8Array {
    const rest = this.held;
    this.held = new Uint8Array(0);
    return rest;
  }
}
