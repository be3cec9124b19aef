/**
 * Slack's message text (mrkdwn with its `<…>` references and &amp; &lt; &gt; escapes) as plain text,
 * for the core: `<@U123>` → @U123, `<#C123|tut>` → #tut, `<!here>` → @here, `<https://x|label>` →
 * "label (https://x)", `<https://x>` → https://x; the three escapes decoded last.
 */
export function plainTextOfMrkdwn(text: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_, inner: string) => {
      const [target = '', label] = inner.split('|', 2) as [string, string | undefined];
      if (target.startsWith('@')) return `@${label ?? target.slice(1)}`;
      if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
      if (target.startsWith('!')) {
        const special = target.slice(1).split('^')[0]!;
        return label ?? (['here', 'channel', 'everyone'].includes(special) ? `@${special}` : '');
      }
      if (target.startsWith('mailto:')) return label ?? target.slice('mailto:'.length);
      return label && label !== target ? `${label} (${target})` : target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * A link back to a message when Slack's chat.getPermalink is not available: the form Slack's permalinks
 * have (`https://<workspace>.slack.com/archives/<channel>/p<ts without the dot>`, a thread reply with
 * thread_ts and cid).
 */
export function builtPermalink(domain: string, channel: string, ts: string, threadTs?: string): string {
  const base = `https://${domain}.slack.com/archives/${channel}/p${ts.replace('.', '')}`;
  return threadTs && threadTs !== ts ? `${base}?thread_ts=${threadTs}&cid=${channel}` : base;
}
