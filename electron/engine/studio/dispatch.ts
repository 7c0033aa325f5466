import { z } from 'zod';
import { StudioError, describeIssues, isStudioError, type StudioErrorInfo } from '../../../shared/errors';
import {
  invokeChannels,
  streamChannels,
  type EventChannel,
  type EventPayloads,
  type InvokeChannel,
  type InvokeRequest,
  type InvokeResponses,
  type Result,
  type StreamChannel,
  type StreamMessageBody,
  type StreamRequest,
} from '../../../shared/ipc-contract';
import { createLogger } from '../log';
import { redact } from '../redact';

const log = createLogger('dispatch');

/** What the engine implements for every invoke channel of the contract. */
export type InvokeHandlers = {
  [C in InvokeChannel]: (request: InvokeRequest<C>) => Promise<InvokeResponses[C]>;
};

/** Where a stream's messages go (the transport numbers them); `signal` aborts when the consumer closes its end. */
export interface StreamSink {
  send(message: StreamMessageBody): void;
  readonly signal: AbortSignal;
}

export type StreamHandlers = {
  [C in StreamChannel]: (request: StreamRequest<C>, sink: StreamSink) => Promise<void>;
};

export type EmitEvent = <E extends EventChannel>(event: E, payload: EventPayloads[E]) => void;

function isInvokeChannel(channel: string): channel is InvokeChannel {
  return Object.hasOwn(invokeChannels, channel);
}

function isStreamChannel(channel: string): channel is StreamChannel {
  return Object.hasOwn(streamChannels, channel);
}

/** Turns any failure into the contract's error shape, without leaking a key or a stack. */
export function toErrorInfo(error: unknown): StudioErrorInfo {
  if (isStudioError(error)) return { ...error.toInfo(), message: redact(error.message) };
  if (error instanceof z.ZodError) {
    return {
      code: 'BAD_INPUT',
      message: `Invalid request: ${describeIssues(error, 'payload')}`,
    };
  }
  log.error(`unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { code: 'SERVER', message: 'Something went wrong inside the studio. The details are in the log.' };
}

/**
 * The one entry for every request from a UI, whichever shell carried it: the channel must exist,
 * the payload must parse with the channel's schema, and failures come back as `{ ok: false }`.
 */
export async function dispatchInvoke(
  handlers: InvokeHandlers,
  channel: string,
  payload: unknown,
): Promise<Result<unknown>> {
  try {
    if (!isInvokeChannel(channel))
      throw new StudioError({ code: 'BAD_INPUT', message: `Unknown channel "${channel}".` });
    const request = invokeChannels[channel].parse(payload ?? {});
    const handler = handlers[channel] as (r: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(request) };
  } catch (error) {
    return { ok: false, error: toErrorInfo(error) };
  }
}

/** Starts a stream after the same checks; any failure becomes the stream's final `error` message. */
export async function dispatchStream(
  handlers: StreamHandlers,
  channel: string,
  payload: unknown,
  sink: StreamSink,
): Promise<void> {
  try {
    if (!isStreamChannel(channel))
      throw new StudioError({ code: 'BAD_INPUT', message: `Unknown stream "${channel}".` });
    const request = streamChannels[channel].parse(payload ?? {});
    await (handlers[channel] as (r: unknown, s: StreamSink) => Promise<void>)(request, sink);
  } catch (error) {
    if (!sink.signal.aborted) sink.send({ type: 'error', error: toErrorInfo(error) });
  }
}
