import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_VERSION } from '../../shared/models';
import { failure, internalErrorBody, invalidKey, versionNotFound } from './api-failure';
import { readBody, sendFailure, sendJson } from './http-io';
import { handleSynthesis, type SynthesisRoute } from './http-synthesis';
import { batchVoices, getVoice, listVoices, previewClip, previewLink } from './http-voices';
import { flatHeaders, parseOrRaw } from './recording';
import { badVersion, type SimContext } from './sim-context';
import { isRecord } from './synthesis-request';

type RouteName = 'status' | SynthesisRoute | 'voices' | 'batch' | 'preview' | 'voice' | 'clip';

const ROUTES: ReadonlyArray<{ method: string; pattern: RegExp; name: RouteName }> = [
  { method: 'GET', pattern: /^\/$/, name: 'status' },
  { method: 'POST', pattern: /^\/text_to_speech$/, name: 'tts' },
  { method: 'POST', pattern: /^\/text_to_speech\/streaming$/, name: 'stream' },
  { method: 'POST', pattern: /^\/text_to_speech\/with_timestamps$/, name: 'timestamps' },
  { method: 'POST', pattern: /^\/voices$/, name: 'voices' },
  { method: 'POST', pattern: /^\/voices\/batch$/, name: 'batch' },
  { method: 'GET', pattern: /^\/voices\/preview\/([^/]+)$/, name: 'preview' },
  { method: 'GET', pattern: /^\/voices\/([^/]+)$/, name: 'voice' },
  { method: 'GET', pattern: /^\/preview-clips\/([^/]+)\.wav$/, name: 'clip' },
];

/** The HTTP half of the simulator: records every request, applies faults, then routes it. */
export function createHttpHandler(sim: SimContext) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res, sim).catch((error: unknown) => {
      if (!res.headersSent)
        sendJson(res, 500, { ...internalErrorBody(req.method ?? '', req.url ?? ''), detail: String(error) });
      else res.destroy();
    });
  };
}

async function handle(req: IncomingMessage, res: ServerResponse, sim: SimContext): Promise<void> {
  const requestedAt = performance.now();
  const url = new URL(req.url ?? '/', 'http://simulator');
  const text = await readBody(req);
  const body = text ? parseOrRaw(text) : undefined;
  const headers = flatHeaders(req.headers);
  sim.recording.http.push({ at: Date.now(), method: req.method ?? '', path: url.pathname, headers, body });

  const matches = ROUTES.map((r) => ({ route: r, match: r.pattern.exec(url.pathname) })).filter((m) => m.match);
  const hit = matches.find((m) => m.route.method === req.method);
  if (!hit) {
    sendJson(res, matches.length ? 405 : 404, { detail: matches.length ? 'Method Not Allowed' : 'Not Found' });
    return;
  }
  const name = hit.route.name;
  const param = decodeURIComponent(hit.match![1] ?? '');
  if (name === 'status') {
    sendJson(res, 200, { status: 'ok', version: API_VERSION });
    return;
  }
  // Signed preview links work without a key, like the CDN URLs the API hands out.
  if (name === 'clip') {
    await previewClip(param, url.searchParams.get('signature'), res, sim);
    return;
  }
  if (sim.faults.http500Count > 0) {
    sim.faults.http500Count--;
    sendJson(res, 500, internalErrorBody(req.method ?? '', `${sim.httpUrl()}${url.pathname}`));
    return;
  }
  const key = headers['x-api-key'];
  if (!sim.isValidKey(key)) {
    sendFailure(res, sim, invalidKey(key));
    return;
  }
  const version = badVersion(headers.version);
  if (version !== null) {
    sendFailure(res, sim, versionNotFound(version));
    return;
  }
  const json = body ?? {};
  if (req.method === 'POST' && !isRecord(json)) {
    sendFailure(res, sim, failure(400, 'INVALID_REQUEST', 'The request body must be a JSON object.'));
    return;
  }
  await route(name, param, json as Record<string, unknown>, res, sim, requestedAt);
}

async function route(
  name: Exclude<RouteName, 'status' | 'clip'>,
  param: string,
  body: Record<string, unknown>,
  res: ServerResponse,
  sim: SimContext,
  requestedAt: number,
): Promise<void> {
  switch (name) {
    case 'tts':
    case 'stream':
    case 'timestamps':
      return handleSynthesis(name, body, res, sim, requestedAt);
    case 'voices':
      return listVoices(body, res, sim);
    case 'batch':
      return batchVoices(body, res, sim);
    case 'preview':
      return previewLink(param, res, sim);
    case 'voice':
      return getVoice(param, res, sim);
  }
}
