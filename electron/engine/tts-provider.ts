import type { Voice, VoiceFilter } from '../../shared/voices';
import type { ConnectionEvent, SynthesisEvent, SynthesisSettings, TextPiece } from '../../shared/synthesis';

export interface SynthesizeOptions {
  /**
   * Read at the start of every sentence, so a change made while a script is being spoken applies
   * from the next sentence on (voice, model and language are fixed per WebSocket connection, so the
   * WebSocket provider reconnects when they differ).
   */
  settings: () => SynthesisSettings;
  /** Aborting stops at once: no further events, upstream requests cancelled. */
  signal?: AbortSignal;
}

/**
 * A source of speech: the Async WebSocket, the Async HTTP API and the offline engine all implement
 * it, so the CLI, the studio's player, the render queue and the benchmarks do not care which one
 * speaks. Text arrives as pieces (see text-aggregator.ts); audio leaves as decoded PCM events.
 */
export interface TtsProvider {
  readonly kind: 'async-ws' | 'async-http' | 'offline';
  /** The whole catalogue matching the filter (every page fetched). */
  listVoices(filter?: VoiceFilter): Promise<Voice[]>;
  synthesize(
    text: AsyncIterable<TextPiece> | Iterable<TextPiece>,
    options: SynthesizeOptions,
  ): AsyncIterable<SynthesisEvent>;
  /** Connected / disconnected / connection-error, from providers that hold a connection (the WebSocket). */
  onConnectionEvent?(listener: (event: ConnectionEvent) => void): () => void;
  /** Releases sockets and workers. */
  close(): Promise<void>;
}
