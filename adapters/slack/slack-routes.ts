import type {
  AllMiddlewareArgs, AnyMiddlewareArgs, BlockAction, ButtonAction, GlobalShortcut, MessageShortcut, Middleware, SlackActionMiddlewareArgs,
  SlackCommandMiddlewareArgs, SlackEventMiddlewareArgs, SlackShortcutMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction,
} from '@slack/bolt';

type With<A> = A & AllMiddlewareArgs;
type Handler<A> = (args: With<A>) => Promise<void>;
/** The events the bot subscribes to (manifests/slack/manifest.yml). */
type RoutedEvent = 'app_mention' | 'app_home_opened';
type EventHandlers = { [E in RoutedEvent]?: Handler<SlackEventMiddlewareArgs<E>> };
type ShortcutOf<T extends 'message_action' | 'shortcut'> = T extends 'message_action' ? MessageShortcut : GlobalShortcut;

/**
 * The bot's Slack listeners, found by one global Bolt middleware: the request's kind and id pick its
 * handler in a map. Bolt runs every listener registered with app.command/event/action/view/shortcut
 * for every request (each one's matchers, a copy of its chain, a promise per step), all but one to find
 * it is not theirs; here one look-up does. What matches is what Bolt's own matchers match: a command
 * by its name; an event by its type; an action by the action_id of its first action (a string or a
 * pattern); a view submission (not view_closed) by its callback_id; a shortcut by its type and
 * callback_id. At most one handler takes a request (each id is declared once). An event the bot's own user
 * caused reaches none (what Bolt's built-in ignoreSelf middleware does, one more step per request, so the App
 * is built without it). A request none takes goes on to Bolt, where no listener answers it either.
 */
export class SlackRoutes {
  private readonly commands = new Map<string, Handler<SlackCommandMiddlewareArgs>>();
  private readonly events: EventHandlers = {};
  private readonly actionIds = new Map<string, Handler<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>>>();
  private readonly actionPatterns: [RegExp, Handler<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>>][] = [];
  private readonly views = new Map<string, Handler<SlackViewMiddlewareArgs<ViewSubmitAction>>>();
  private readonly shortcuts = new Map<string, Handler<SlackShortcutMiddlewareArgs>>();

  command(name: string, run: Handler<SlackCommandMiddlewareArgs>): void {
    once(this.commands, name, run, 'command');
  }

  event<E extends RoutedEvent>(type: E, run: Handler<SlackEventMiddlewareArgs<E>>): void {
    if (this.events[type]) throw new Error(`Slack: the event ${type} is routed twice`);
    (this.events as Record<E, Handler<SlackEventMiddlewareArgs<E>>>)[type] = run;
  }

  /** A button's action_id, or a pattern of them: an id declared as a string is looked up first, then the patterns in the order declared. */
  action(id: string | RegExp, run: Handler<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>>): void {
    if (typeof id === 'string') once(this.actionIds, id, run, 'action');
    else if (id.global || id.sticky) throw new Error(`Slack: the action pattern ${id} keeps state between matches (flag g or y)`);
    else this.actionPatterns.push([id, run]);
  }

  /** A modal's submission (view_submission) by its callback_id. */
  view(callbackId: string, run: Handler<SlackViewMiddlewareArgs<ViewSubmitAction>>): void {
    once(this.views, callbackId, run, 'view');
  }

  shortcut<T extends 'message_action' | 'shortcut'>(on: { callback_id: string; type: T }, run: Handler<SlackShortcutMiddlewareArgs<ShortcutOf<T>>>): void {
    once(this.shortcuts, `${on.type} ${on.callback_id}`, run as Handler<SlackShortcutMiddlewareArgs>, 'shortcut');
  }

  /** The global middleware (app.use): the one handler of this request, or on to Bolt. */
  readonly middleware: Middleware<AnyMiddlewareArgs> = async (args) => {
    const run = this.handlerOf(args);
    if (run) await run();
    else await args.next();
  };

  /** The handler of this request, bound to its arguments (each checked before its handler's type is assumed). */
  private handlerOf(args: With<AnyMiddlewareArgs>): (() => Promise<void>) | undefined {
    if ('command' in args && args.command) {
      const run = this.commands.get(args.command.command);
      return run && (() => run(args));
    }
    if ('event' in args && args.event) {
      const type = args.event.type;
      if (type !== 'app_mention' && type !== 'app_home_opened') return undefined;
      // what the bot itself did (its own mention of itself) is not a person's request (Bolt's ignoreSelf, which the App is built without)
      if ('user' in args.event && args.context.botUserId !== undefined && args.event.user === args.context.botUserId) return undefined;
      const run = this.events[type] as Handler<SlackEventMiddlewareArgs> | undefined;
      return run && (() => run(args));
    }
    if ('action' in args && args.action && 'action_id' in args.action && typeof args.action.action_id === 'string') {
      const id = args.action.action_id;
      const run = this.actionIds.get(id) ?? this.actionPatterns.find(([pattern]) => pattern.test(id))?.[1];
      return run && (() => run(args as With<SlackActionMiddlewareArgs<BlockAction<ButtonAction>>>));
    }
    if ('view' in args && args.view && args.body.type === 'view_submission') {
      const run = this.views.get(args.view.callback_id);
      return run && (() => run(args as With<SlackViewMiddlewareArgs<ViewSubmitAction>>));
    }
    if ('shortcut' in args && args.shortcut) {
      const run = this.shortcuts.get(`${args.shortcut.type} ${args.shortcut.callback_id}`);
      return run && (() => run(args));
    }
    return undefined;
  }
}

function once<H>(map: Map<string, H>, key: string, run: H, kind: string): void {
  if (map.has(key)) throw new Error(`Slack: the ${kind} ${key} is routed twice`);
  map.set(key, run);
}
