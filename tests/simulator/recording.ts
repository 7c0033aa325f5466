import type { IncomingHttpHeaders } from 'node:http';

export interface WsRecord {
  id: number;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON, or the raw string if it was not JSON. */
  messages: Array<{ at: number; data: unknown }>;
  closed: boolean;
  closeCode?: number;
}

export interface HttpRecord {
  at: number;
  method: string;
  /** Path without the query string. */
  path: string;
  headers: Record<string, string>;
  /** Parsed JSON, the raw text if it was not JSON, undefined when there was no body. */
  body: unknown;
}

/** Everything clients sent, so tests can assert how a client speaks the protocol. */
export interface Recording {
  ws: WsRecord[];
  http: HttpRecord[];
}

/** Node's header object flattened to lower-case name → value (repeated headers joined). */
export function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** Parses JSON text; returns the text itself when it is not JSON. */
export function parseOrRaw(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
