import type { EventChannel } from '../../shared/ipc-contract';

/** The IPC names both sides agree on beyond the invoke channels (which keep their contract names). */
export const STREAM_OPEN = 'stream:open';
export const eventIpcName = (event: EventChannel) => `event:${event}`;
