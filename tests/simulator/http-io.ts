import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorBody, type ApiFailure } from './api-failure';
import type { SimContext } from './sim-context';

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** An API error in the shape the `errorShape` switch currently asks for. */
export function sendFailure(res: ServerResponse, sim: SimContext, f: ApiFailure): void {
  sendJson(res, f.status, errorBody(f, sim.faults.errorShape));
}

export function sendBytes(res: ServerResponse, contentType: string, bytes: Uint8Array): void {
  res.writeHead(200, { 'content-type': contentType, 'content-length': bytes.byteLength });
  res.end(bytes);
}
