import type http from 'node:http';

/** Start a local fake's HTTP server on a free loopback port; returns its base URL (http://127.0.0.1:PORT). */
export async function listenOnLoopback(server: http.Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

/** Stop a local fake's server, dropping open connections. */
export async function closeLoopback(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
}
