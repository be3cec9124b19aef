/**
 * Schema migrations, applied in order, each in one transaction. Every entry has its SQLite text and its
 * PostgreSQL text, kept in step (test/store/schema-parity.test.ts migrates both and compares tables,
 * columns and indexes). SQLite records how many have run in `PRAGMA user_version`, PostgreSQL in its
 * `schema_version` table (one row per migration, the same numbers).
 * Never edit a migration that has shipped: add a new one, with both texts.
 *
 * PostgreSQL texts follow the SQLite ones closely so both stores share their SQL habits and row
 * mappers: instants stay ISO-8601 text (compared as text, as in SQLite), every text column has the
 * "C" collation (byte order, like SQLite's BINARY, whatever the server's locale), flags stay INTEGER
 * 0/1, and AUTOINCREMENT ids are identity columns (BY DEFAULT, so a copied SQLite database keeps its ids).
 */
export interface Migration {
  sqlite: string;
  postgres: string;
}

export const MIGRATIONS: readonly Migration[] = [
  // 1: configuration mirror, meetings, agenda items, consent, audit log, idempotency, outbox
  {
    sqlite: `
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
    postgres: `
  CREATE TABLE municipalities (
    id TEXT COLLATE "C" PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL,
    time_zone TEXT COLLATE "C" NOT NULL,
    language TEXT COLLATE "C" NOT NULL,
    config_json TEXT COLLATE "C" NOT NULL
  );
  CREATE TABLE forums (
    municipality_id TEXT COLLATE "C" NOT NULL REFERENCES municipalities(id),
    id TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    level INTEGER NOT NULL,
    config_json TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (municipality_id, id)
  );
  CREATE TABLE members (
    municipality_id TEXT COLLATE "C" NOT NULL REFERENCES municipalities(id),
    id TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    role TEXT COLLATE "C" NOT NULL,
    agency TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (municipality_id, id)
  );
  CREATE TABLE meetings (
    id TEXT COLLATE "C" PRIMARY KEY,
    municipality_id TEXT COLLATE "C" NOT NULL,
    forum_id TEXT COLLATE "C" NOT NULL,
    date TEXT COLLATE "C" NOT NULL,
    start_utc TEXT COLLATE "C" NOT NULL,
    end_utc TEXT COLLATE "C" NOT NULL,
    deadline_utc TEXT COLLATE "C" NOT NULL,
    place TEXT COLLATE "C",
    note TEXT COLLATE "C",
    moved_from TEXT COLLATE "C",
    status TEXT COLLATE "C" NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'cancelled')),
    sequence INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT COLLATE "C" NOT NULL
  );
  CREATE INDEX meetings_by_forum ON meetings (municipality_id, forum_id, start_utc);
  CREATE TABLE agenda_items (
    id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    ref TEXT COLLATE "C" NOT NULL UNIQUE,
    municipality_id TEXT COLLATE "C" NOT NULL,
    forum_id TEXT COLLATE "C" NOT NULL,
    meeting_id TEXT COLLATE "C" NOT NULL REFERENCES meetings(id),
    kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('topic', 'case')),
    category TEXT COLLATE "C" NOT NULL DEFAULT 'annet',
    title TEXT COLLATE "C" NOT NULL,
    description TEXT COLLATE "C",
    submitter_id TEXT COLLATE "C" NOT NULL,
    state TEXT COLLATE "C" NOT NULL,
    late INTEGER NOT NULL DEFAULT 0,
    reason TEXT COLLATE "C",
    question TEXT COLLATE "C",
    answer TEXT COLLATE "C",
    decided_by TEXT COLLATE "C",
    decided_at TEXT COLLATE "C",
    carried_from TEXT COLLATE "C",
    raised_from TEXT COLLATE "C",
    created_at TEXT COLLATE "C" NOT NULL,
    updated_at TEXT COLLATE "C" NOT NULL
  );
  CREATE INDEX items_by_meeting ON agenda_items (meeting_id, state);
  CREATE INDEX items_by_submitter ON agenda_items (municipality_id, submitter_id);
  CREATE TABLE agenda_publications (
    meeting_id TEXT COLLATE "C" PRIMARY KEY REFERENCES meetings(id),
    version INTEGER NOT NULL,
    published_at TEXT COLLATE "C" NOT NULL,
    published_by TEXT COLLATE "C" NOT NULL
  );
  CREATE TABLE ref_counters (
    prefix TEXT COLLATE "C" PRIMARY KEY,
    n INTEGER NOT NULL
  );
  CREATE TABLE consents (
    item_ref TEXT COLLATE "C" PRIMARY KEY REFERENCES agenda_items(ref),
    guardian_signed TEXT COLLATE "C",
    legal_basis TEXT COLLATE "C",
    agencies_json TEXT COLLATE "C" NOT NULL,
    expires TEXT COLLATE "C",
    parents_attend INTEGER NOT NULL DEFAULT 0,
    recorded_by TEXT COLLATE "C" NOT NULL,
    recorded_at TEXT COLLATE "C" NOT NULL
  );
  CREATE TABLE audit_log (
    id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    at TEXT COLLATE "C" NOT NULL,
    actor TEXT COLLATE "C" NOT NULL,
    action TEXT COLLATE "C" NOT NULL,
    municipality_id TEXT COLLATE "C" NOT NULL,
    forum_id TEXT COLLATE "C",
    meeting_id TEXT COLLATE "C",
    item_ref TEXT COLLATE "C",
    from_state TEXT COLLATE "C",
    to_state TEXT COLLATE "C"
  );
  CREATE INDEX audit_by_item ON audit_log (item_ref);
  CREATE TABLE processed_requests (
    request_key TEXT COLLATE "C" PRIMARY KEY,
    reply_json TEXT COLLATE "C" NOT NULL,
    at TEXT COLLATE "C" NOT NULL
  );
  CREATE TABLE channel_bindings (
    platform TEXT COLLATE "C" NOT NULL,
    channel_id TEXT COLLATE "C" NOT NULL,
    municipality_id TEXT COLLATE "C" NOT NULL,
    forum_id TEXT COLLATE "C" NOT NULL,
    bound_by TEXT COLLATE "C" NOT NULL,
    at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (platform, channel_id)
  );
  CREATE TABLE identity_links (
    platform TEXT COLLATE "C" NOT NULL,
    user_id TEXT COLLATE "C" NOT NULL,
    municipality_id TEXT COLLATE "C" NOT NULL,
    member_id TEXT COLLATE "C" NOT NULL,
    linked_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (platform, user_id)
  );
  CREATE TABLE conversation_refs (
    key TEXT COLLATE "C" PRIMARY KEY,
    reference_json TEXT COLLATE "C" NOT NULL,
    reachable INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT COLLATE "C" NOT NULL
  );
  CREATE TABLE minutes (
    meeting_id TEXT COLLATE "C" PRIMARY KEY REFERENCES meetings(id),
    status TEXT COLLATE "C" NOT NULL CHECK (status IN ('draft', 'approved')),
    version INTEGER NOT NULL DEFAULT 0,
    approved_by TEXT COLLATE "C",
    approved_at TEXT COLLATE "C"
  );
  CREATE TABLE minute_entries (
    id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    meeting_id TEXT COLLATE "C" NOT NULL REFERENCES meetings(id),
    item_ref TEXT COLLATE "C" NOT NULL,
    kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('note', 'decision')),
    text TEXT COLLATE "C" NOT NULL,
    author_id TEXT COLLATE "C" NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL
  );
  CREATE INDEX entries_by_meeting ON minute_entries (meeting_id);
  CREATE TABLE actions (
    id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    municipality_id TEXT COLLATE "C" NOT NULL,
    forum_id TEXT COLLATE "C" NOT NULL,
    meeting_id TEXT COLLATE "C" NOT NULL REFERENCES meetings(id),
    item_ref TEXT COLLATE "C" NOT NULL,
    owner_id TEXT COLLATE "C" NOT NULL,
    due TEXT COLLATE "C" NOT NULL,
    text TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL CHECK (status IN ('open', 'done')),
    created_by TEXT COLLATE "C" NOT NULL,
    created_at TEXT COLLATE "C" NOT NULL,
    done_at TEXT COLLATE "C"
  );
  CREATE INDEX actions_by_forum ON actions (municipality_id, forum_id, status);
  CREATE INDEX actions_by_owner ON actions (municipality_id, owner_id, status);
  CREATE TABLE attendance (
    meeting_id TEXT COLLATE "C" NOT NULL REFERENCES meetings(id),
    member_id TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL CHECK (status IN ('regrets', 'deputy')),
    deputy_id TEXT COLLATE "C",
    recorded_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
  );
  CREATE TABLE schedule_log (
    key TEXT COLLATE "C" PRIMARY KEY,
    outcome TEXT COLLATE "C" NOT NULL CHECK (outcome IN ('enqueued', 'dropped')),
    at TEXT COLLATE "C" NOT NULL
  );
  CREATE TABLE settings (
    key TEXT COLLATE "C" PRIMARY KEY,
    value TEXT COLLATE "C" NOT NULL
  );
  CREATE TABLE outbox (
    id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    idempotency_key TEXT COLLATE "C" NOT NULL UNIQUE,
    municipality_id TEXT COLLATE "C" NOT NULL,
    platform TEXT COLLATE "C" NOT NULL,
    target_kind TEXT COLLATE "C" NOT NULL CHECK (target_kind IN ('channel', 'dm')),
    target TEXT COLLATE "C" NOT NULL,
    payload_json TEXT COLLATE "C" NOT NULL,
    status TEXT COLLATE "C" NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'unknown', 'expired')),
    expires_at TEXT COLLATE "C",
    attempts INTEGER NOT NULL DEFAULT 0,
    not_before TEXT COLLATE "C" NOT NULL,
    lease_until TEXT COLLATE "C",
    lease_owner TEXT COLLATE "C",
    platform_message_id TEXT COLLATE "C",
    last_error TEXT COLLATE "C",
    replaces_key TEXT COLLATE "C",
    created_at TEXT COLLATE "C" NOT NULL,
    updated_at TEXT COLLATE "C" NOT NULL
  );
  CREATE INDEX outbox_due ON outbox (status, not_before);
  `,
  },
  // 2: what a published agenda showed, so a change after publication updates the post
  {
    sqlite: `
  ALTER TABLE agenda_publications ADD COLUMN content_hash TEXT;
  `,
    postgres: `
  ALTER TABLE agenda_publications ADD COLUMN content_hash TEXT COLLATE "C";
  `,
  },
  // 3: edits of earlier messages that must never become new posts (decision cards in other deciders' DMs)
  {
    sqlite: `
  ALTER TABLE outbox ADD COLUMN update_only INTEGER NOT NULL DEFAULT 0;
  `,
    postgres: `
  ALTER TABLE outbox ADD COLUMN update_only INTEGER NOT NULL DEFAULT 0;
  `,
  },
  // 4 (issue 12): what a consent covers and for what purpose
  {
    sqlite: `
  ALTER TABLE consents ADD COLUMN covers TEXT;
  ALTER TABLE consents ADD COLUMN purpose TEXT;
  `,
    postgres: `
  ALTER TABLE consents ADD COLUMN covers TEXT COLLATE "C";
  ALTER TABLE consents ADD COLUMN purpose TEXT COLLATE "C";
  `,
  },
  // 5 (issue 12): messages platforms keep outside the outbox that showed an item's texts (edited when it is erased)
  {
    sqlite: `
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
    postgres: `
  CREATE TABLE delivered_copies (
    platform TEXT COLLATE "C" NOT NULL,
    target_kind TEXT COLLATE "C" NOT NULL CHECK (target_kind IN ('channel', 'dm')),
    target TEXT COLLATE "C" NOT NULL,
    message_id TEXT COLLATE "C" NOT NULL,
    item_ref TEXT COLLATE "C" NOT NULL,
    municipality_id TEXT COLLATE "C" NOT NULL,
    at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (platform, message_id, item_ref)
  );
  CREATE INDEX delivered_copies_by_item ON delivered_copies (item_ref);
  `,
  },
  // 6: every message ends sent, failed or unknown within a stated bound; failures are reported once, can be resent
  {
    sqlite: `
  ALTER TABLE outbox ADD COLUMN due_at TEXT;
  UPDATE outbox SET due_at = not_before;
  ALTER TABLE outbox ADD COLUMN checks INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE outbox ADD COLUMN send_started_at TEXT;
  ALTER TABLE outbox ADD COLUMN failure TEXT;
  ALTER TABLE outbox ADD COLUMN reported_at TEXT;
  ALTER TABLE outbox ADD COLUMN resolved TEXT;
  CREATE INDEX outbox_problems ON outbox (status, reported_at);
  `,
    postgres: `
  ALTER TABLE outbox ADD COLUMN due_at TEXT COLLATE "C";
  UPDATE outbox SET due_at = not_before;
  ALTER TABLE outbox ADD COLUMN checks INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE outbox ADD COLUMN send_started_at TEXT COLLATE "C";
  ALTER TABLE outbox ADD COLUMN failure TEXT COLLATE "C";
  ALTER TABLE outbox ADD COLUMN reported_at TEXT COLLATE "C";
  ALTER TABLE outbox ADD COLUMN resolved TEXT COLLATE "C";
  CREATE INDEX outbox_problems ON outbox (status, reported_at);
  `,
  },
  // 7: remembered replies are pruned after a retention window; a reply shown out of band is shown once
  {
    sqlite: `
  CREATE INDEX processed_requests_by_age ON processed_requests (at);
  CREATE TABLE shown_replies (
    request_key TEXT PRIMARY KEY,
    at TEXT NOT NULL
  );
  CREATE INDEX shown_replies_by_age ON shown_replies (at);
  `,
    postgres: `
  CREATE INDEX processed_requests_by_age ON processed_requests (at);
  CREATE TABLE shown_replies (
    request_key TEXT COLLATE "C" PRIMARY KEY,
    at TEXT COLLATE "C" NOT NULL
  );
  CREATE INDEX shown_replies_by_age ON shown_replies (at);
  `,
  },
  // 8 (issue 13): a forum has at most one bound channel per platform: a later /slt bind replaced an earlier one
  {
    sqlite: `
  DELETE FROM channel_bindings WHERE rowid NOT IN (
    SELECT rowid FROM channel_bindings AS b WHERE NOT EXISTS (
      SELECT 1 FROM channel_bindings AS later WHERE later.platform = b.platform AND later.municipality_id = b.municipality_id
        AND later.forum_id = b.forum_id AND (later.at > b.at OR (later.at = b.at AND later.rowid > b.rowid))));
  CREATE UNIQUE INDEX channel_binding_per_forum ON channel_bindings (platform, municipality_id, forum_id);
  `,
    postgres: `
  DELETE FROM channel_bindings AS b WHERE EXISTS (
    SELECT 1 FROM channel_bindings AS later WHERE later.platform = b.platform AND later.municipality_id = b.municipality_id
      AND later.forum_id = b.forum_id AND (later.at > b.at OR (later.at = b.at AND later.channel_id > b.channel_id)));
  CREATE UNIQUE INDEX channel_binding_per_forum ON channel_bindings (platform, municipality_id, forum_id);
  `,
  },
  // 9 (issue 15): what a send in several steps has done before its visible step (a Slack file's id before it is shared)
  {
    sqlite: `
  ALTER TABLE outbox ADD COLUMN send_note TEXT;
  `,
    postgres: `
  ALTER TABLE outbox ADD COLUMN send_note TEXT COLLATE "C";
  `,
  },
  // 10 (issue 15): a change to a meeting's Outlook event, sent through the outbox like a message
  {
    sqlite: `
  ALTER TABLE outbox ADD COLUMN calendar_json TEXT;
  `,
    postgres: `
  ALTER TABLE outbox ADD COLUMN calendar_json TEXT COLLATE "C";
  `,
  },
  // 11 (issue 15): attendees' answers to a meeting's Outlook invitation (read back from the calendar)
  {
    sqlite: `
  CREATE TABLE outlook_responses (
    meeting_id TEXT NOT NULL,
    member_id TEXT NOT NULL,
    response TEXT NOT NULL CHECK (response IN ('accepted', 'tentative', 'declined', 'none')),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
  );
  `,
    postgres: `
  CREATE TABLE outlook_responses (
    meeting_id TEXT COLLATE "C" NOT NULL,
    member_id TEXT COLLATE "C" NOT NULL,
    response TEXT COLLATE "C" NOT NULL CHECK (response IN ('accepted', 'tentative', 'declined', 'none')),
    updated_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
  );
  `,
  },
  // 12 (issue 16): a person's home view (Slack App Home) is one outbox row per person and platform, rewritten
  // when something changes (pending again), rendered when sent, and not sent when unchanged since the last one
  {
    sqlite: `
  ALTER TABLE outbox ADD COLUMN home INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE outbox ADD COLUMN again INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE outbox ADD COLUMN content_hash TEXT;
  `,
    postgres: `
  ALTER TABLE outbox ADD COLUMN home INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE outbox ADD COLUMN again INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE outbox ADD COLUMN content_hash TEXT COLLATE "C";
  `,
  },
  // 13 (issue 16): the link back to the chat message an item was made from ("Add to SLT agenda")
  {
    sqlite: `
  ALTER TABLE agenda_items ADD COLUMN source_link TEXT;
  `,
    postgres: `
  ALTER TABLE agenda_items ADD COLUMN source_link TEXT COLLATE "C";
  `,
  },
  // 14 (issue 19): when the next send to a channel may begin, shared by every instance (a platform's rate limit per channel)
  {
    sqlite: `
  CREATE TABLE channel_pace (
    platform TEXT NOT NULL,
    target TEXT NOT NULL,
    next_at TEXT NOT NULL,
    PRIMARY KEY (platform, target)
  );
  `,
    postgres: `
  CREATE TABLE channel_pace (
    platform TEXT COLLATE "C" NOT NULL,
    target TEXT COLLATE "C" NOT NULL,
    next_at TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (platform, target)
  );
  `,
  },
  // 15 (issue 19): a channel's messages go out in order, one at a time, on every instance: a claim looks for an earlier open message of the same channel
  {
    sqlite: `
  CREATE INDEX outbox_open_by_channel ON outbox (platform, target, id) WHERE status IN ('pending', 'sending');
  `,
    postgres: `
  CREATE INDEX outbox_open_by_channel ON outbox (platform, target, id) WHERE status IN ('pending', 'sending');
  `,
  },
  // 16 (issue 18): items are looked up by reference case-insensitively (`tut-2027-001`) and by the item they were raised
  // from on every card: without these indexes each look-up read the whole table (its cost grew with every item).
  // PostgreSQL's item(ref) compares upper(ref) = upper($1) when the exact spelling finds nothing: its index is on upper(ref).
  {
    sqlite: `
  CREATE INDEX items_by_ref_nocase ON agenda_items (ref COLLATE NOCASE);
  CREATE INDEX items_by_raised_from ON agenda_items (raised_from);
  `,
    postgres: `
  CREATE INDEX items_by_ref_nocase ON agenda_items (upper(ref));
  CREATE INDEX items_by_raised_from ON agenda_items (raised_from);
  `,
  },
  // 17 (issue 18): when each forum's scheduled work is next due ('' = now), so a scheduler tick reads only the forums
  // with work due instead of every forum's meetings. Every written meeting, item or action makes its forum due now
  // (whoever writes it: a command, the configuration's sync, another instance) and raises `version`, so a next-due
  // time worked out before that write is not stored over it. Triggers, so that no write path can forget it; on
  // PostgreSQL one trigger function serves the six triggers (the row written in the writer's transaction, so another
  // instance's tick sees the forum due as soon as that transaction commits).
  // (Issue 18's index for the claim's per-channel probe is main's outbox_open_by_channel, migration 15.)
  {
    sqlite: `
  CREATE TABLE due_forums (
    municipality_id TEXT NOT NULL,
    forum_id TEXT NOT NULL,
    due_at TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (municipality_id, forum_id)
  );
  CREATE INDEX due_forums_by_time ON due_forums (due_at);
  CREATE TRIGGER due_on_meetings_insert AFTER INSERT ON meetings BEGIN
    INSERT INTO due_forums (municipality_id, forum_id, due_at, version) VALUES (NEW.municipality_id, NEW.forum_id, '', 1)
      ON CONFLICT (municipality_id, forum_id) DO UPDATE SET due_at = '', version = version + 1;
  END;
  CREATE TRIGGER due_on_meetings_update AFTER UPDATE ON meetings BEGIN
    INSERT INTO due_forums (municipality_id, forum_id, due_at, version) VALUES (NEW.municipality_id, NEW.forum_id, '', 1)
      ON CONFLICT (municipality_id, forum_id) DO UPDATE SET due_at = '', version = version + 1;
  END;
  CREATE TRIGGER due_on_agenda_items_insert AFTER INSERT ON agenda_items BEGIN
    INSERT INTO due_forums (municipality_id, forum_id, due_at, version) VALUES (NEW.municipality_id, NEW.forum_id, '', 1)
      ON CONFLICT (municipality_id, forum_id) DO UPDATE SET due_at = '', version = version + 1;
  END;
  CREATE TRIGGER due_on_agenda_items_update AFTER UPDATE ON agenda_items BEGIN
    INSERT INTO due_forums (municipality_id, forum_id, due_at, version) VALUES (NEW.municipality_id, NEW.forum_id, '', 1)
      ON CONFLICT (municipality_id, forum_id) DO UPDATE SET due_at = '', version = version + 1;
  END;
  CREATE TRIGGER due_on_actions_insert AFTER INSERT ON actions BEGIN
    INSERT INTO due_forums (municipality_id, forum_id, due_at, version) VALUES (NEW.municipality_id, NEW.forum_id, '', 1)
      ON CONFLICT (municipality_id, forum_id) DO UPDATE SET due_at = '', version = version + 1;
  END;
  CREATE TRIGGER due_on_actions_update AFTER UPDATE ON actions BEGIN
    INSERT INTO due_forums (municipality_id, forum_id, due_at, version) VALUES (NEW.municipality_id, NEW.forum_id, '', 1)
      ON CONFLICT (municipality_id, forum_id) DO UPDATE SET due_at = '', version = version + 1;
  END;
  `,
    postgres: `
  CREATE TABLE due_forums (
    municipality_id TEXT COLLATE "C" NOT NULL,
    forum_id TEXT COLLATE "C" NOT NULL,
    due_at TEXT COLLATE "C" NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (municipality_id, forum_id)
  );
  CREATE INDEX due_forums_by_time ON due_forums (due_at);
  CREATE FUNCTION mark_forum_due() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO due_forums (municipality_id, forum_id, due_at, version) VALUES (NEW.municipality_id, NEW.forum_id, '', 1)
      ON CONFLICT (municipality_id, forum_id) DO UPDATE SET due_at = '', version = due_forums.version + 1;
    RETURN NULL;
  END;
  $$;
  CREATE TRIGGER due_on_meetings_insert AFTER INSERT ON meetings FOR EACH ROW EXECUTE FUNCTION mark_forum_due();
  CREATE TRIGGER due_on_meetings_update AFTER UPDATE ON meetings FOR EACH ROW EXECUTE FUNCTION mark_forum_due();
  CREATE TRIGGER due_on_agenda_items_insert AFTER INSERT ON agenda_items FOR EACH ROW EXECUTE FUNCTION mark_forum_due();
  CREATE TRIGGER due_on_agenda_items_update AFTER UPDATE ON agenda_items FOR EACH ROW EXECUTE FUNCTION mark_forum_due();
  CREATE TRIGGER due_on_actions_insert AFTER INSERT ON actions FOR EACH ROW EXECUTE FUNCTION mark_forum_due();
  CREATE TRIGGER due_on_actions_update AFTER UPDATE ON actions FOR EACH ROW EXECUTE FUNCTION mark_forum_due();
  `,
  },
  // 18 (issue 18): a meeting's items in submission order, a page at a time (a home view reads only the first
  // ones), without sorting all of them: the index on (meeting_id, state) kept them by state (queries by meeting
  // and state read the meeting's items through this one instead). A forum's meetings by start, then id: a
  // person's items by meeting start come out of the two indexes in order, so a limit stops the reading early.
  {
    sqlite: `
  DROP INDEX items_by_meeting;
  CREATE INDEX items_by_meeting ON agenda_items (meeting_id, id);
  DROP INDEX meetings_by_forum;
  CREATE INDEX meetings_by_forum ON meetings (municipality_id, forum_id, start_utc, id);
  `,
    postgres: `
  DROP INDEX items_by_meeting;
  CREATE INDEX items_by_meeting ON agenda_items (meeting_id, id);
  DROP INDEX meetings_by_forum;
  CREATE INDEX meetings_by_forum ON meetings (municipality_id, forum_id, start_utc, id);
  `,
  },
  // 19 (issue 18): the head of each channel's queue (its oldest open message) found from an index alone: the
  // claim looked, for every pending message, for an older open one in its channel, and with thousands waiting
  // for one person (paced sends) each pass of the outbox worker took tens of milliseconds and grew with the queue.
  // Likewise the pending messages with a last moment, which each claim first expires when it has passed, and
  // those past the delivery bound for a platform that is not running, which each pass expires.
  {
    sqlite: `
  CREATE INDEX outbox_channel_heads ON outbox (platform, home, target, id) WHERE status IN ('pending', 'sending');
  CREATE INDEX outbox_expiring ON outbox (expires_at) WHERE status = 'pending' AND expires_at IS NOT NULL;
  CREATE INDEX outbox_pending_by_due ON outbox (due_at) WHERE status = 'pending';
  `,
    postgres: `
  CREATE INDEX outbox_channel_heads ON outbox (platform, home, target, id) WHERE status IN ('pending', 'sending');
  CREATE INDEX outbox_expiring ON outbox (expires_at) WHERE status = 'pending' AND expires_at IS NOT NULL;
  CREATE INDEX outbox_pending_by_due ON outbox (due_at) WHERE status = 'pending';
  `,
  },
  // 20 (issue 18): the index of open messages by channel (migration 15) is covered by outbox_channel_heads (19), which
  // has the same columns with `home` after the platform: SQLite's claim reads the heads from it, PostgreSQL's probe
  // for an older open message of the channel (home = 0) likewise. One index fewer to write for every outbox row.
  {
    sqlite: `
  DROP INDEX outbox_open_by_channel;
  `,
    postgres: `
  DROP INDEX outbox_open_by_channel;
  `,
  },
  // 21 (issue 18): a member's own items of a forum (the home view) read meeting by meeting in start order, each
  // meeting's items of that member from the index in submission order: the walk stops at the home view's limit
  // whether the member has no items (it read every item of each meeting to find none) or thousands. The index
  // replaces the one on (municipality, submitter), whose look-ups it still serves.
  {
    sqlite: `
  DROP INDEX items_by_submitter;
  CREATE INDEX items_by_submitter ON agenda_items (municipality_id, submitter_id, meeting_id, id);
  `,
    postgres: `
  DROP INDEX items_by_submitter;
  CREATE INDEX items_by_submitter ON agenda_items (municipality_id, submitter_id, meeting_id, id);
  `,
  },
  // 22 (issue 18): the undelivered messages (failed or unknown) are read through outbox_problems (migration 6), whose
  // entries were every outbox row's: each queued message wrote one, each send moved it. It holds the undelivered
  // ones only now, the same condition as the reads that use it (written as they are, so SQLite matches them).
  {
    sqlite: `
  DROP INDEX outbox_problems;
  CREATE INDEX outbox_problems ON outbox (status, reported_at) WHERE status IN ('failed', 'unknown');
  `,
    postgres: `
  DROP INDEX outbox_problems;
  CREATE INDEX outbox_problems ON outbox (status, reported_at) WHERE status IN ('failed', 'unknown');
  `,
  },
];
