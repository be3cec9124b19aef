import { z } from 'zod';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => { parse(json: unknown, ctx: unknown): void; validateProperties(): { validationEvents: { message: string }[] } };
  SerializationContext: new (v: unknown) => { eventCount: number; getEventAt(i: number): { message: string } };
  Versions: { v1_5: unknown };
};

/** What the adaptivecards parser does not check: Action.Execute needs a verb; refresh.userIds is ≤ 60 strings. */
const Execute = z.object({ type: z.literal('Action.Execute'), verb: z.string().min(1), title: z.string().optional() }).passthrough();
const OwnRules = z.object({
  type: z.literal('AdaptiveCard'),
  version: z.literal('1.5'),
  body: z.array(z.object({ type: z.string() }).passthrough()),
  actions: z.array(z.object({ type: z.string() }).passthrough().refine((a) => a.type !== 'Action.Execute' || Execute.safeParse(a).success, 'Action.Execute needs a verb')).optional(),
  refresh: z.object({ action: Execute, userIds: z.array(z.string().min(1)).max(60) }).optional(),
}).passthrough();

/** Problems of a card against Adaptive Cards 1.5 (official parser) and our own rules; empty when valid. */
export function cardProblems(card: unknown): string[] {
  const ctx = new AC.SerializationContext(AC.Versions.v1_5);
  const parsed = new AC.AdaptiveCard();
  parsed.parse(card, ctx);
  const problems = Array.from({ length: ctx.eventCount }, (_, i) => ctx.getEventAt(i).message);
  problems.push(...parsed.validateProperties().validationEvents.map((e) => e.message));
  const own = OwnRules.safeParse(card);
  if (!own.success) problems.push(...own.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return problems;
}
