import type {
  EventChannel,
  EventPayloads,
  InvokeChannel,
  InvokeRequest,
  InvokeResponses,
  Result,
  StreamChannel,
  StreamMessage,
  StreamRequest,
} from './ipc-contract';
import { invokeChannels, streamChannels } from './ipc-contract';

/** What a shell provides: Electron's preload over IPC and MessagePorts, the web shell over its WebSocket. */
export interface StudioTransport {
  invoke(channel: InvokeChannel, request: unknown): Promise<Result<unknown>>;
  on(channel: EventChannel, listener: (payload: unknown) => void): () => void;
  stream(channel: StreamChannel, request: unknown, onMessage: (message: StreamMessage) => void): StreamHandle;
}

export interface StreamHandle {
  /** Stops the stream; the engine cancels the upstream request. */
  cancel(): void;
}

type Camel<S extends string> = S extends `${infer H}-${infer T}` ? `${H}${Capitalize<Camel<T>>}` : S;
type Domain<C extends string> = C extends `${infer D}:${string}` ? D : never;
type Action<C extends string> = C extends `${string}:${infer A}` ? Camel<A> : never;

type InvokeMethods = {
  [D in Domain<InvokeChannel>]: {
    [C in Extract<InvokeChannel, `${D}:${string}`> as Action<C>]: (
      request: InvokeRequest<C>,
    ) => Promise<Result<InvokeResponses[C]>>;
  };
};

type StreamMethods = {
  [D in Domain<StreamChannel>]: {
    [C in Extract<StreamChannel, `${D}:${string}`> as Action<C>]: (
      request: StreamRequest<C>,
      onMessage: (message: StreamMessage) => void,
    ) => StreamHandle;
  };
};

/**
 * The renderer's whole view of the engine: `studio.settings.update({...})`, `studio.speech.play(...)`,
 * `studio.on('connection:event', ...)`. Methods are named after the channel's action.
 */
export type StudioApi = {
  [D in Domain<InvokeChannel> | Domain<StreamChannel>]: (D extends Domain<InvokeChannel> ? InvokeMethods[D] : unknown) &
    (D extends Domain<StreamChannel> ? StreamMethods[D] : unknown);
} & {
  on<E extends EventChannel>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};

const camel = (s: string) => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Builds the typed API from the contract, so no channel can be forgotten or misnamed in a shell. */
export function buildStudioApi(transport: StudioTransport): StudioApi {
  const api: Record<string, Record<string, unknown>> = {};
  const add = (channel: string, fn: unknown) => {
    const [domain, action] = channel.split(':') as [string, string];
    (api[domain] ??= {})[camel(action)] = fn;
  };
  for (const channel of Object.keys(invokeChannels) as InvokeChannel[]) {
    add(channel, (request: unknown) => transport.invoke(channel, request));
  }
  for (const channel of Object.keys(streamChannels) as StreamChannel[]) {
    add(channel, (request: unknown, onMessage: (m: StreamMessage) => void) =>
      transport.stream(channel, request, onMessage),
    );
  }
  return {
    ...api,
    on: (event: EventChannel, listener: (payload: never) => void) =>
      transport.on(event, listener as (payload: unknown) => void),
  } as unknown as StudioApi;
}
