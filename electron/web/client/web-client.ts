import { buildStudioApi } from '../../../shared/studio-api';
import { SOCKET_PATH } from '../socket-path';
import { createSocketTransport } from './socket-transport';

// Runs in the browser before the renderer (the web build puts it first in index.html) and gives
// the page the same `window.studio` that Electron's preload does. The page's address carries the
// run's token on first load; later loads rely on the HttpOnly cookie the server set.
const address = new URL(SOCKET_PATH, location.href);
address.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
const token = new URLSearchParams(location.search).get('token');
if (token) address.searchParams.set('token', token);

Object.defineProperty(window, 'studio', {
  value: Object.freeze(buildStudioApi(createSocketTransport(new WebSocket(address)))),
  enumerable: true,
});
