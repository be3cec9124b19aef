/** ['node', ...flags, <root>/dist/bundle/main.js]: package.json's start script as an argv (start-command.cjs). */
export function startCommand(root: string, node?: string): string[];
/** The environment the bot ships with besides its settings (the image's ENV, the systemd unit's Environment=). */
export const RUNTIME_ENV: Readonly<Record<string, string>>;
