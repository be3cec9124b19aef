import type { WebClient } from '@slack/web-api';
import { RetryableSendError } from '../../src/core/ports/chat-port';
import { retryLaterError } from '../../src/http/rate-limit';
import { secureOrLoopback } from '../../src/http/secure-url';

/**
 * The first two steps of files.uploadV2 (as @slack/web-api does them): ask for an upload URL for the
 * file's name and length in bytes, then POST the bytes there (Slack accepts raw bytes or a multipart
 * form; raw bytes are sent, without the bot token). Returns the file id; the file is not visible to
 * anyone until files.completeUploadExternal shares it, and Slack discards it if that never happens.
 */
export async function uploadToSlack(client: WebClient, filename: string, data: Buffer): Promise<string> {
  const res = await client.files.getUploadURLExternal({ filename, length: data.length });
  if (!res.upload_url || !res.file_id) throw new RetryableSendError('files.getUploadURLExternal returned no upload URL');
  if (!secureOrLoopback(res.upload_url)) throw new RetryableSendError(`files.getUploadURLExternal gave an upload URL that is not https (${new URL(res.upload_url).host})`);
  const put = await fetch(res.upload_url, {
    method: 'POST', body: new Uint8Array(data), headers: { 'content-type': 'application/octet-stream' }, redirect: 'error', signal: AbortSignal.timeout(20_000),
  });
  if (put.status === 429) throw retryLaterError('file upload rate limited', put.headers.get('retry-after'));
  if (put.status !== 200) throw new RetryableSendError(`the file upload answered HTTP ${put.status}`);
  return res.file_id;
}
