import type { Attachment } from 'botbuilder';
import { z } from 'zod';
import type { View } from '../../src/core/model/view';
import { secureOrLoopback } from '../../src/http/secure-url';
import { loggable } from '../../src/observability/log-redaction';

/** Bot Framework's file cards (Teams bot file flow, personal chat only). */
export const FILE_CONSENT_CARD = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CARD = 'application/vnd.microsoft.teams.card.file.info';

/** What a consent card carries back when the person accepts it: which meeting's file (nothing else is trusted). */
const ConsentContext = z.object({ slt: z.literal('calendar-file'), meetingId: z.string().min(1).max(200) });

/** A `fileConsent/invoke` with action `accept`: where Teams lets the bot put the file (the person's OneDrive). */
export const FileConsentAccept = z.object({
  action: z.literal('accept'),
  context: ConsentContext,
  uploadInfo: z.object({
    name: z.string().min(1),
    uploadUrl: z.url(),
    contentUrl: z.url(),
    uniqueId: z.string().min(1),
    fileType: z.string(),
  }),
});
export type FileConsentAccept = z.infer<typeof FileConsentAccept>;

/**
 * The FileConsentCard that asks the person to accept a message's file: its name and size, and the
 * meeting it is of as the context Teams sends back. The bytes are made when they accept (the meeting's
 * current version), so an old card never hands out an outdated file.
 */
export function fileConsentCard(file: NonNullable<View['attachment']> & { meetingId: string }): Attachment {
  const context = { slt: 'calendar-file', meetingId: file.meetingId };
  return {
    contentType: FILE_CONSENT_CARD,
    name: file.filename,
    content: { description: file.description ?? file.filename, sizeInBytes: Buffer.byteLength(file.content), acceptContext: context, declineContext: context },
  };
}

/** The FileInfoCard that shows the uploaded file in the chat (open, preview, download). */
export function fileInfoCard(info: FileConsentAccept['uploadInfo']): Attachment {
  return { contentType: FILE_INFO_CARD, contentUrl: info.contentUrl, name: info.name, content: { uniqueId: info.uniqueId, fileType: info.fileType } };
}

/**
 * Put the bytes in the upload session Teams opened (OneDrive's "upload bytes to the upload session"):
 * one PUT with Content-Length and Content-Range for the whole file, without the bot's credentials (the
 * URL carries its own authorisation). OneDrive answers 200 or 201 with the stored item.
 */
export async function uploadToSession(uploadUrl: string, bytes: Buffer): Promise<void> {
  if (!secureOrLoopback(uploadUrl)) throw loggable(new Error(`the upload URL is not https (${new URL(uploadUrl).host})`));
  const res = await fetch(uploadUrl, {
    method: 'PUT', body: new Uint8Array(bytes), redirect: 'error', signal: AbortSignal.timeout(10_000),
    headers: { 'content-length': String(bytes.length), 'content-range': `bytes 0-${bytes.length - 1}/${bytes.length}` },
  });
  if (res.status !== 200 && res.status !== 201) throw loggable(new Error(`the upload answered HTTP ${res.status}`));
}
