/** ['node', ...flags, <root>/dist/bundle/main.js]: package.json's start script as an argv (start-command.cjs). */
export function startCommand(root: string, node?: string): string[];
