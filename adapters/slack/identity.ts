import type { WebClient } from '@slack/web-api';
import type { Directory } from '../../src/core/model/directory';
import type { SltStore } from '../../src/core/ports/store';
import { errorSummary } from '../../src/observability/log-redaction';
import type { Log } from '../../src/observability/logger';

/**
 * Members configured with an e-mail address but no Slack id are looked up once with
 * users.lookupByEmail; a match is stored, so the lookup is not repeated on the next start.
 */
export async function linkMembersByEmail(client: WebClient, directory: Directory, store: SltStore, nowUtc: string, log: Log): Promise<number> {
  let linked = 0;
  for (const { municipality, member } of directory.unlinkedWithEmail('slack')) {
    try {
      const res = await client.users.lookupByEmail({ email: member.email! });
      const id = res.user?.id;
      if (!id) continue;
      const link = { platform: 'slack', userId: id, municipalityId: municipality.id, memberId: member.id };
      await store.transaction((tx) => tx.linkIdentity(link, nowUtc));
      directory.link(link);
      linked++;
    } catch (e) {
      const err = (e as { data?: { error?: string } }).data?.error;
      if (err !== 'users_not_found') log.warn({ event: 'slack.lookup-failed', municipality: municipality.id, member: member.id, err: e }, `slack: lookupByEmail for member ${municipality.id}/${member.id} failed: ${err ?? errorSummary(e)}`);
    }
  }
  return linked;
}
