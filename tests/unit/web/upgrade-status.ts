import { WebSocket } from 'ws';

/**
 * Status of a WebSocket upgrade from Node: 101 when the socket opens, else the refusal's status.
 * With `probe`, 101 only once the socket has also answered that message: it was served, not just opened.
 */
export function upgradeStatus(url: string, headers: Record<string, string> = {}, probe?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers });
    const accepted = () => {
      socket.close();
      resolve(101);
    };
    socket.on('open', () => {
      if (probe === undefined) return accepted();
      socket.send(probe);
      socket.once('message', accepted);
    });
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('error', reject);
  });
}
