import type express from 'express';
import { createSlackAdapter, SLACK_EVENTS_PATH } from '../adapters/slack';
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
export async function startPlatforms(env: Env, app: App, http: express.Express, log: (line: string) => void): Promise<RunningPlatforms> {
  const running: RunningPlatforms = { names: [], routes: [], ports: [], stop: async () => {} };
  const stops: (() => Promise<void>)[] = [];
  if (env.SLACK_BOT_TOKEN) {
    const slack = createSlackAdapter({
      bot: app.bot, directory: app.directory, store: app.store, clock: app.clock, http, log,
      botToken: env.SLACK_BOT_TOKEN,
      ...(env.SLACK_SIGNING_SECRET ? { signingSecret: env.SLACK_SIGNING_SECRET } : {}),
      ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
      ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}),
      lookupByEmail: env.SLACK_LOOKUP_BY_EMAIL === 'on',
    });
    await slack.start();
    running.names.push(`Slack (${slack.mode === 'socket' ? 'Socket Mode' : 'HTTP'})`);
    if (slack.mode === 'http') running.routes.push(`POST ${SLACK_EVENTS_PATH}`);
    running.ports.push(slack.chatPort);
    stops.push(() => slack.stop());
  }
  running.stop = async () => {
    for (const stop of stops) await stop();
  };
  return running;
}
