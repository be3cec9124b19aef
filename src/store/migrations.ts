/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many have run.
 * Never edit a migration that has shipped: add a new one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: configuration mirror, meetings, agenda items, consent, audit log, idempotency, outbox
  `
  CREATE TABLE municipalities (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    language TEXT NOT NULL,
    config_json TEXT NOT NULL
  );
  CREATE TABLE forums (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    level INTEGER NOT NULL,
    config_json TEXT NOT NULL,
    PRIMARY KEY (municipality_id, id)
  );
  CREATE TABLE members (
    municipality_id TEXT NOT NULL REFERENCES municipalities(id),
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    agency TEXT NOT NULL,
    PRIMARY KEY (municipality_id, id)
  );
  CREATE TABLE meetings (
    id TEXT PRIMARY KEY,
    municipality_id TEXT NOT NULL,
    forum_id TEXT NOT NULL,
    date TEXT NOT NULL,
    start_utc TEXT NOT NULL,
    end_utc TEXT NOT NULL,
    deadline_utc TEXT NOT NULL,
    place TEXT,
    note TEXT,
    moved_from TEXT,
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'cancelled')),
    sequence INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX meetings_by_forum ON meetings (municipality_id, forum_id, start_utc);
  CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ref TEXT NOT NULL UNIQUE,
    municipality_id TEXT NOT NULL,
    forum_id TEXT NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    kind TEXT NOT NULL CHECK (kind IN ('topic', 'case')),
    category TEXT NOT NULL DEFAULT 'annet',
    title TEXT NOT NULL,
    description TEXT,
    submitter_id TEXT NOT NULL,
    state TEXT NOT NULL,
    late INTEGER NOT NULL DEFAULT 0,
    reason TEXT,
    question TEXT,
    answer TEXT,
    decided_by TEXT,
    decided_at TEXT,
    carried_from TEXT,
    raised_from TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX items_by_meeting ON agenda_items (meeting_id, state);
  CREATE INDEX items_by_submitter ON agenda_items (municipality_id, submitter_id);
  CREATE TABLE agenda_publications (
    meeting_id TEXT PRIMARY KEY REFERENCES meetings(id),
    version INTEGER NOT NULL,
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL
  );
  CREATE TABLE ref_counters (
    prefix TEXT PRIMARY KEY,
    n INTEGER NOT NULL
  );
  CREATE TABLE consents (
    item_ref TEXT PRIMARY KEY REFERENCES agenda_items(ref),
    guardian_signed TEXT,
    legal_basis TEXT,
    agencies_json TEXT NOT NULL,
    expires TEXT,
    parents_attend INTEGER NOT NULL DEFAULT 0,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL
  );
  CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    municipality_id TEXT NOT NULL,
    forum_id TEXT,
    meeting_id TEXT,
    item_ref TEXT,
    from_state TEXT,
    to_state TEXT
  );
  CREATE INDEX audit_by_item ON audit_log (item_ref);
  CREATE TABLE processed_requests (
    request_key TEXT PRIMARY KEY,
    reply_json TEXT NOT NULL,
    at TEXT NOT NULL
  );
  CREATE TABLE channel_bindings (
    platform TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    municipality_id TEXT NOT NULL,
    forum_id TEXT NOT NULL,
    bound_by TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (platform, channel_id)
  );
  CREATE TABLE identity_links (
    platform TEXT NOT NULL,
    user_id TEXT NOT NULL,
    municipality_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    linked_at TEXT NOT NULL,
    PRIMARY KEY (platform, user_id)
  );
  CREATE TABLE conversation_refs (
    key TEXT PRIMARY KEY,
    reference_json TEXT NOT NULL,
    reachable INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE minutes (
    meeting_id TEXT PRIMARY KEY REFERENCES meetings(id),
    status TEXT NOT NULL CHECK (status IN ('draft', 'approved')),
    version INTEGER NOT NULL DEFAULT 0,
    approved_by TEXT,
    approved_at TEXT
  );
  CREATE TABLE minute_entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    item_ref TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('note', 'decision')),
    text TEXT NOT NULL,
    author_id TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX entries_by_meeting ON minute_entries (meeting_id);
  CREATE TABLE actions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    municipality_id TEXT NOT NULL,
    forum_id TEXT NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    item_ref TEXT NOT NULL,
    owner_id TEXT NOT NULL,
    due TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open', 'done')),
    created_by TEXT NOT NULL,
    created_at TEXT NOT NULL,
    done_at TEXT
  );
  CREATE INDEX actions_by_forum ON actions (municipality_id, forum_id, status);
  CREATE INDEX actions_by_owner ON actions (municipality_id, owner_id, status);
  CREATE TABLE attendance (
    meeting_id TEXT NOT NULL REFERENCES meetings(id),
    member_id TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('regrets', 'deputy')),
    deputy_id TEXT,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
  );
  CREATE TABLE schedule_log (
    key TEXT PRIMARY KEY,
    outcome TEXT NOT NULL CHECK (outcome IN ('enqueued', 'dropped')),
    at TEXT NOT NULL
  );
  CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    municipality_id TEXT NOT NULL,
    platform TEXT NOT NULL,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('channel', 'dm')),
    target TEXT NOT NULL,
    payload_json TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'unknown', 'expired')),
    expires_at TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before TEXT NOT NULL,
    lease_until TEXT,
    lease_owner TEXT,
    platform_message_id TEXT,
    last_error TEXT,
    replaces_key TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE INDEX outbox_due ON outbox (status, not_before);
  `,
  // 2: what a published agenda showed, so a change after publication updates the post
  `
  ALTER TABLE agenda_publications ADD COLUMN content_hash TEXT;
  `,
  // 3: edits of earlier messages that must never become new posts (decision cards in other deciders' DMs)
  `
  ALTER TABLE outbox ADD COLUMN update_only INTEGER NOT NULL DEFAULT 0;
  `,
  // 4 (issue 12): what a consent covers and for what purpose
  `
  ALTER TABLE consents ADD COLUMN covers TEXT;
  ALTER TABLE consents ADD COLUMN purpose TEXT;
  `,
  // 5 (issue 12): messages platforms keep outside the outbox that showed an item's texts (edited when it is erased)
  `
  CREATE TABLE delivered_copies (
    platform TEXT NOT NULL,
    target_kind TEXT NOT NULL CHECK (target_kind IN ('channel', 'dm')),
    target TEXT NOT NULL,
    message_id TEXT NOT NULL,
    item_ref TEXT NOT NULL,
    municipality_id TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (platform, message_id, item_ref)
  );
  CREATE INDEX delivered_copies_by_item ON delivered_copies (item_ref);
  `,
  // 6: every message ends sent, failed or unknown within a stated bound; failures are reported once, can be resent
  `
  ALTER TABLE outbox ADD COLUMN due_at TEXT;
  UPDATE outbox SET due_at = not_before;
  ALTER TABLE outbox ADD COLUMN checks INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE outbox ADD COLUMN send_started_at TEXT;
  ALTER TABLE outbox ADD COLUMN failure TEXT;
  ALTER TABLE outbox ADD COLUMN reported_at TEXT;
  ALTER TABLE outbox ADD COLUMN resolved TEXT;
  CREATE INDEX outbox_problems ON outbox (status, reported_at);
  `,
  // 7: remembered replies are pruned after a retention window; a reply shown out of band is shown once
  `
  CREATE INDEX processed_requests_by_age ON processed_requests (at);
  CREATE TABLE shown_replies (
    request_key TEXT PRIMARY KEY,
    at TEXT NOT NULL
  );
  CREATE INDEX shown_replies_by_age ON shown_replies (at);
  `,
  // 8 (issue 13): a forum has at most one bound channel per platform: a later /slt bind replaced an earlier one
  `
  DELETE FROM channel_bindings WHERE rowid NOT IN (
    SELECT rowid FROM channel_bindings AS b WHERE NOT EXISTS (
      SELECT 1 FROM channel_bindings AS later WHERE later.platform = b.platform AND later.municipality_id = b.municipality_id
        AND later.forum_id = b.forum_id AND (later.at > b.at OR (later.at = b.at AND later.rowid > b.rowid))));
  CREATE UNIQUE INDEX channel_binding_per_forum ON channel_bindings (platform, municipality_id, forum_id);
  `,
  // 9 (issue 15): what a send in several steps has done before its visible step (a Slack file's id before it is shared)
  `
  ALTER TABLE outbox ADD COLUMN send_note TEXT;
  `,
  // 10 (issue 15): a change to a meeting's Outlook event, sent through the outbox like a message
  `
  ALTER TABLE outbox ADD COLUMN calendar_json TEXT;
  `,
  // 11 (issue 15): attendees' answers to a meeting's Outlook invitation (read back from the calendar)
  `
  CREATE TABLE outlook_responses (
    meeting_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    response TEXT NOT NULL CHECK (response IN ('accepted', 'tentative', 'declined', 'none')),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
  );
  `,
  // 12 (issue 16): a person's home view (Slack App Home) is one outbox row per person and platform, rewritten
  // when something changes (pending again), rendered when sent, and not sent when unchanged since the last one
  `
  ALTER TABLE outbox ADD COLUMN home INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE outbox ADD COLUMN again INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE outbox ADD COLUMN content_hash TEXT;
  `,
  // 13 (issue 16): the link back to the chat message an item was made from ("Add to SLT agenda")
  `
  ALTER TABLE agenda_items ADD COLUMN source_link TEXT;
  `,
  // 14 (issue 19): when the next send to a channel may begin, shared by every instance (a platform's rate limit per channel)
  `
  CREATE TABLE channel_pace (
    platform TEXT NOT NULL,
    target TEXT NOT NULL,
    next_at TEXT NOT NULL,
    PRIMARY KEY (platform, target)
  );
  `,
];
