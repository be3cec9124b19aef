import type express from 'express';
import type { App } from './app';
import type { Env } from './config/env';
import type { ChatPort } from './core/chat-port';

export interface RunningPlatforms {
  names: string[];
  routes: string[];
  ports: ChatPort[];
  stop(): Promise<void>;
}

/** Start Slack and Teams when their credentials are in the environment (wired from main). */
export async function startPlatforms(_env: Env, _app: App, _http: express.Express, _log: (line: string) => void): Promise<RunningPlatforms> {
  const running: RunningPlatforms = { names: [], routes: [], ports: [], stop: async () => {} };
  return running;
}
