/** Scriptable misbehaviour of the simulator; every switch is read at the moment it matters. */
export interface FaultSwitches {
  /** Delay to the first audio chunk after forced text, ms. */
  firstAudioMs: number;
  /** Audio duration per chunk, ms. */
  chunkMs: number;
  /** Chunks are produced this many times faster than real time; Infinity = no pacing. */
  realtimeFactor: number;
  /** Random extra delay per chunk, 0..jitterMs. */
  jitterMs: number;
  /** How a bad key is refused on the WebSocket. */
  wsAuthFailure: 'http401' | 'errorThenClose';
  /** §3.8 view B: send {"event":"init_ack","context_id":<server id>} after init. */
  sendInitAck: boolean;
  /** §3.8 view B: only the server-minted context id gets audio; other ids get an empty final. Implies sendInitAck. */
  strictServerContextIds: boolean;
  /** §3.8 view B: the server closes the socket after sending a final. */
  closeSocketAfterFinal: boolean;
  /** §3.8 view B: close_context before synthesis finished drops the remaining audio. */
  truncateOnEarlyClose: boolean;
  /** {"transcript":"","context_id"} without the close flag finalises the context like close_context. */
  finalOnEmptyTranscript: boolean;
  /** No client message for this long → TIMEOUT error frame, then close. */
  idleTimeoutMs: number;
  /** WS: destroy the TCP connection abruptly after N audio chunks on a connection. */
  dropAfterChunks: number | null;
  /** How many connections get dropped that way before the fault stops. */
  dropTimes: number;
  /** WS: also send a malformed (non-JSON) text frame every Nth audio chunk. */
  malformedFrameEvery: number | null;
  /** WS: answer the next text-carrying message with this error frame (one-shot). */
  wsErrorOnNextText: { error_code: string; message: string } | null;
  /** The next `count` HTTP synthesis requests get 429. */
  http429: {
    count: number;
    code: 'RATE_LIMIT_EXCEEDED' | 'TOO_MANY_CONCURRENT_REQUESTS' | 'USAGE_LIMIT_EXCEEDED';
    retryAfterMs: number;
  } | null;
  /** The next N HTTP API requests answer 500 with the documented 500 shape. */
  http500Count: number;
  /** HTTP streaming: after N audio bytes write `--ERROR:QUOTA_EXCEEDED--` and end the body. */
  quotaMarkerAfterBytes: number | null;
  /** HTTP error body shape: FastAPI's {detail:{…}} or flat {error_code,…}. */
  errorShape: 'detail' | 'flat';
}

/** View A of asyncai-api.md §3.8 with timing anchored on Async's published claims (§10). */
export const DEFAULT_FAULTS: Readonly<FaultSwitches> = {
  firstAudioMs: 170,
  chunkMs: 50,
  realtimeFactor: 2,
  jitterMs: 0,
  wsAuthFailure: 'http401',
  sendInitAck: false,
  strictServerContextIds: false,
  closeSocketAfterFinal: false,
  truncateOnEarlyClose: false,
  finalOnEmptyTranscript: true,
  idleTimeoutMs: 60_000,
  dropAfterChunks: null,
  dropTimes: 1,
  malformedFrameEvery: null,
  wsErrorOnNextText: null,
  http429: null,
  http500Count: 0,
  quotaMarkerAfterBytes: null,
  errorShape: 'detail',
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Hands out `pcm` in chunks of `chunkMs`, the first no earlier than `firstAudioMs` after
 * `requestedAt` (performance.now() time), the rest `chunkMs / realtimeFactor` apart plus jitter.
 * Stops as soon as `cancelled()` turns true. Shared by the WebSocket and HTTP streaming.
 */
export async function* pacedChunks(
  pcm: Float32Array,
  sampleRate: number,
  faults: () => FaultSwitches,
  requestedAt: number,
  cancelled: () => boolean,
): AsyncGenerator<Float32Array> {
  const first = faults();
  const size = Math.max(1, Math.round((sampleRate * first.chunkMs) / 1000));
  let due = Math.max(requestedAt + first.firstAudioMs, performance.now());
  for (let at = 0; at < pcm.length; at += size) {
    const f = faults();
    const wait = due + Math.random() * f.jitterMs - performance.now();
    if (wait > 0) await sleep(wait);
    if (cancelled()) return;
    yield pcm.subarray(at, at + size);
    if (f.realtimeFactor > 0 && Number.isFinite(f.realtimeFactor)) due += first.chunkMs / f.realtimeFactor;
  }
}
