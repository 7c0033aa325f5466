/** Where the web shell's WebSocket lives; shared by the server and the browser client. */
export const SOCKET_PATH = '/ws';
