import type { StreamMessage, StreamMessageBody } from '../../shared/ipc-contract';
import type { StreamSink } from '../engine/studio/dispatch';

/**
 * A page may play, preview and replay at once; more open streams than this is a runaway page,
 * refused by both shells so that it cannot hold unbounded engine requests.
 */
export const MAX_STREAMS_PER_PAGE = 16;

/** What a page gets for a stream beyond MAX_STREAMS_PER_PAGE. */
export const TOO_MANY_STREAMS: StreamMessageBody = {
  type: 'error',
  error: {
    code: 'BAD_INPUT',
    message: 'Too many audio streams are open at once.',
    hint: 'Stop some playback or previews, then try again.',
  },
};

export interface NumberedSink extends StreamSink {
  /** Called once the handler has returned: a stream that never said `done` or `error` gets an error, so no UI waits forever. */
  end(): void;
}

/**
 * The transport side of a stream, shared by Electron's MessagePort and the web shell's socket:
 * numbers messages, stops after the consumer has gone or after the final message.
 */
export function createNumberedSink(post: (message: StreamMessage) => void, signal: AbortSignal): NumberedSink {
  let seq = 0;
  let finished = false;
  const send = (body: StreamMessageBody) => {
    if (finished || signal.aborted) return;
    if (body.type === 'done' || body.type === 'error') finished = true;
    post({ ...body, seq: seq++ } as StreamMessage);
  };
  return {
    signal,
    send,
    end: () =>
      send({ type: 'error', error: { code: 'SERVER', message: 'The audio stream ended before it finished.' } }),
  };
}
