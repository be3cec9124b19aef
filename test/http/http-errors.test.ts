import express from 'express';
import { createHttpServer } from '../../src/http/http-server';
import { logTo } from '../log-capture';

/** Issue 13, finding 7: an error no route answered is logged as one line, without its stack or the body. */
test('a route that fails, or a body that does not parse, is one log line without stack or content', async () => {
  const logs: string[] = [];
  const server = createHttpServer(undefined, undefined, logTo(logs));
  server.app.post('/boom', express.json(), () => {
    throw new Error('Ola Nordmann 41234567 in a message');
  });
  const printed: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void printed.push(a.map(String).join(' ')));
  try {
    const url = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/boom`;
    const bad = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":"Ola Nordmann 41234567' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe('');
    const thrown = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(thrown.status).toBe(500);
    expect(await thrown.text()).toBe('');
  } finally {
    spy.mockRestore();
    await server.close();
  }
  expect(logs).toEqual(['http: POST /boom answered 400 (entity.parse.failed)', 'http: POST /boom answered 500 (Error)']);
  expect(printed).toEqual([]);
});
