/**
 * Versioned schema migrations, applied in order at start inside one transaction each.
 * Never edit a migration that has shipped; add a new one.
 *
 * Aggregates are stored as a JSON document (doc) plus the columns we filter, sort or
 * constrain on, so a new field needs no migration but a new filter does.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
      CREATE TABLE departments (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('hq', 'ward')),
        office TEXT NOT NULL,
        name TEXT NOT NULL,
        doc TEXT NOT NULL CHECK (json_valid(doc))
      );

      CREATE TABLE people (
        id TEXT PRIMARY KEY,
        entra_object_id TEXT NOT NULL UNIQUE,
        department_id TEXT NOT NULL,
        doc TEXT NOT NULL CHECK (json_valid(doc))
      );
      CREATE INDEX people_department ON people (department_id);

      CREATE TABLE initiatives (
        code TEXT PRIMARY KEY,
        owner_id TEXT,
        doc TEXT NOT NULL CHECK (json_valid(doc))
      );

      CREATE TABLE check_ins (
        initiative_code TEXT NOT NULL,
        fiscal_year INTEGER NOT NULL,
        quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
        doc TEXT NOT NULL CHECK (json_valid(doc)),
        PRIMARY KEY (initiative_code, fiscal_year, quarter)
      );
      CREATE INDEX check_ins_quarter ON check_ins (fiscal_year, quarter);

      CREATE TABLE inquiry_numbers (
        fiscal_year INTEGER PRIMARY KEY,
        last_sequence INTEGER NOT NULL
      );

      CREATE TABLE inquiries (
        number TEXT PRIMARY KEY,
        fiscal_year INTEGER NOT NULL,
        target_department_id TEXT NOT NULL,
        asker_id TEXT NOT NULL,
        status TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        doc TEXT NOT NULL CHECK (json_valid(doc))
      );
      CREATE INDEX inquiries_department ON inquiries (target_department_id, status);
      CREATE INDEX inquiries_asker ON inquiries (asker_id);

      CREATE TABLE rulings (
        id TEXT PRIMARY KEY,
        department TEXT NOT NULL,
        category TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('current', 'superseded')),
        published_at TEXT NOT NULL,
        doc TEXT NOT NULL CHECK (json_valid(doc))
      );
      CREATE INDEX rulings_filters ON rulings (department, category, status);

      CREATE TABLE manuals (
        id TEXT PRIMARY KEY,
        department TEXT NOT NULL,
        title TEXT NOT NULL,
        doc TEXT NOT NULL CHECK (json_valid(doc))
      );

      CREATE TABLE conversation_references (
        key TEXT PRIMARY KEY,
        reference TEXT NOT NULL CHECK (json_valid(reference)),
        updated_at TEXT NOT NULL
      );

      CREATE TABLE outbox (
        key TEXT PRIMARY KEY,
        conversation_key TEXT NOT NULL,
        payload TEXT NOT NULL CHECK (json_valid(payload)),
        status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        created_at TEXT NOT NULL,
        sent_at TEXT,
        sent_activity_id TEXT,
        claimed_at TEXT
      );
      CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor_id TEXT NOT NULL,
        action TEXT NOT NULL,
        object_type TEXT NOT NULL,
        object_id TEXT NOT NULL,
        detail TEXT NOT NULL CHECK (json_valid(detail))
      );
      CREATE INDEX audit_object ON audit_log (object_type, object_id);
    `,
  },
  {
    version: 2,
    name: 'outbox claims with a lease and a token',
    sql: `
      ALTER TABLE outbox ADD COLUMN claim_token TEXT;
      ALTER TABLE outbox ADD COLUMN lease_until TEXT;
      CREATE INDEX outbox_leases ON outbox (status, lease_until);
    `,
  },
  {
    version: 3,
    name: 'full-text index of rulings',
    // Documents and queries are tokenized in code (bot/rulings/search): bigrams for Japanese,
    // whole ASCII words; the 'ascii' tokenizer then splits only on the spaces between them.
    // Its rowid is the rulings row's rowid (stable across upserts), so no text key is scanned.
    sql: `
      CREATE VIRTUAL TABLE rulings_fts USING fts5(title, keywords, body, tokenize = 'ascii');
      CREATE VIRTUAL TABLE rulings_fts_vocab USING fts5vocab(rulings_fts, 'row');
      CREATE VIRTUAL TABLE rulings_title_fts USING fts5(title, tokenize = 'ascii');
    `,
  },
  {
    version: 4,
    name: 'find the rulings a ruling superseded',
    sql: `
      CREATE INDEX rulings_superseded_by ON rulings (json_extract(doc, '$.supersededBy'));
    `,
  },
  {
    version: 5,
    name: 'check-in revisions and review cycles',
    sql: `
      ALTER TABLE check_ins ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
      CREATE TABLE check_in_revisions (
        initiative_code TEXT NOT NULL,
        fiscal_year INTEGER NOT NULL,
        quarter INTEGER NOT NULL,
        revision INTEGER NOT NULL CHECK (revision >= 1),
        submission_id TEXT NOT NULL UNIQUE,
        doc TEXT NOT NULL CHECK (json_valid(doc)),
        PRIMARY KEY (initiative_code, fiscal_year, quarter, revision)
      );
      INSERT INTO check_in_revisions (initiative_code, fiscal_year, quarter, revision, submission_id, doc)
        SELECT initiative_code, fiscal_year, quarter, 1,
               'migrated:' || initiative_code || ':' || fiscal_year || 'Q' || quarter,
               json_set(doc, '$.revision', 1, '$.submissionId', 'migrated:' || initiative_code || ':' || fiscal_year || 'Q' || quarter)
        FROM check_ins;
      UPDATE check_ins SET doc = json_set(doc, '$.revision', 1,
        '$.submissionId', 'migrated:' || initiative_code || ':' || fiscal_year || 'Q' || quarter);

      CREATE TABLE check_in_cycles (
        fiscal_year INTEGER NOT NULL,
        quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
        closed_at TEXT,
        doc TEXT NOT NULL CHECK (json_valid(doc)),
        PRIMARY KEY (fiscal_year, quarter)
      );
    `,
  },
  {
    version: 6,
    name: 'inquiry lifecycle: new statuses, drafts, answers, clarifications',
    // Earlier versions kept the draft and the answer as plain text; they become records with
    // who and when (the assignee and the last update are the best facts there are).
    sql: `
      UPDATE inquiries SET status = CASE status WHEN 'open' THEN 'submitted' WHEN 'approved' THEN 'answered' ELSE status END;
      UPDATE inquiries SET doc = json_set(
        json_remove(doc, '$.draftAnswer', '$.shareWithAllWards'),
        '$.status', status,
        '$.dueOn', json_extract(doc, '$.desiredAnswerDate'),
        '$.returnComment', json('null'),
        '$.clarifications', json('[]'),
        '$.rulingId', json('null'),
        '$.draft', json(CASE WHEN json_extract(doc, '$.draftAnswer') IS NULL THEN 'null' ELSE json_object(
          'text', json_extract(doc, '$.draftAnswer'),
          'shareWithAllWards', json(CASE WHEN json_extract(doc, '$.shareWithAllWards') THEN 'true' ELSE 'false' END),
          'ruling', json('null'),
          'draftedBy', json_extract(doc, '$.assigneeId'),
          'draftedAt', json_extract(doc, '$.updatedAt')) END),
        '$.answer', json(CASE WHEN json_extract(doc, '$.answer') IS NULL THEN 'null' ELSE json_object(
          'text', json_extract(doc, '$.answer'),
          'answeredBy', json_extract(doc, '$.assigneeId'),
          'approvedBy', json('null'),
          'answeredAt', json_extract(doc, '$.updatedAt')) END)
      )
      WHERE json_type(doc, '$.clarifications') IS NULL;
    `,
  },
  {
    version: 7,
    name: 'SharePoint mirror: sync positions and the list items behind each record',
    // Used when the city's records live in SharePoint: this file is then the instance's own
    // search index (kept in step by list delta) and where each delta left off.
    sql: `
      CREATE TABLE sync_state (name TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE mirror_items (list TEXT NOT NULL, item_id TEXT NOT NULL, record_key TEXT NOT NULL, PRIMARY KEY (list, item_id));
    `,
  },
  {
    version: 8,
    name: 'check-in submission ids: unique per initiative and quarter, no guessable ids',
    // A submission id is a replay only within its own initiative and quarter (a card's id sent
    // for another initiative must not find that one's answer). Ids written by version 5
    // ('migrated:…') and by older demo seeds ('demo:…') could be guessed: they become random.
    sql: `
      CREATE TABLE check_in_revisions_scoped (
        initiative_code TEXT NOT NULL,
        fiscal_year INTEGER NOT NULL,
        quarter INTEGER NOT NULL,
        revision INTEGER NOT NULL CHECK (revision >= 1),
        submission_id TEXT NOT NULL,
        doc TEXT NOT NULL CHECK (json_valid(doc)),
        PRIMARY KEY (initiative_code, fiscal_year, quarter, revision),
        UNIQUE (initiative_code, fiscal_year, quarter, submission_id)
      );
      INSERT INTO check_in_revisions_scoped (initiative_code, fiscal_year, quarter, revision, submission_id, doc)
        SELECT initiative_code, fiscal_year, quarter, revision, submission_id, doc FROM check_in_revisions;
      DROP TABLE check_in_revisions;
      ALTER TABLE check_in_revisions_scoped RENAME TO check_in_revisions;
      UPDATE check_in_revisions SET submission_id = lower(hex(randomblob(16)))
        WHERE submission_id LIKE 'migrated:%' OR submission_id LIKE 'demo:%';
      UPDATE check_in_revisions SET doc = json_set(doc, '$.submissionId', submission_id)
        WHERE json_extract(doc, '$.submissionId') IS NOT submission_id;
      UPDATE check_ins SET doc = json_set(doc, '$.submissionId', (
          SELECT r.submission_id FROM check_in_revisions r
          WHERE r.initiative_code = check_ins.initiative_code AND r.fiscal_year = check_ins.fiscal_year
            AND r.quarter = check_ins.quarter AND r.revision = check_ins.revision))
        WHERE (json_extract(doc, '$.submissionId') LIKE 'migrated:%' OR json_extract(doc, '$.submissionId') LIKE 'demo:%')
          AND EXISTS (SELECT 1 FROM check_in_revisions r
            WHERE r.initiative_code = check_ins.initiative_code AND r.fiscal_year = check_ins.fiscal_year
              AND r.quarter = check_ins.quarter AND r.revision = check_ins.revision);
    `,
  },
  {
    version: 9,
    name: 'お知らせ (notices) and their yearly numbers',
    // Sections and their confirmations live in doc (a notice is confirmed as a whole, under its updated_at).
    sql: `
      CREATE TABLE notice_numbers (
        fiscal_year INTEGER PRIMARY KEY,
        last_sequence INTEGER NOT NULL
      );
      CREATE TABLE notices (
        id TEXT PRIMARY KEY,
        fiscal_year INTEGER NOT NULL,
        sender_id TEXT NOT NULL,
        sender_department_id TEXT NOT NULL,
        request_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('awaitingApproval', 'returned', 'sent')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        doc TEXT NOT NULL CHECK (json_valid(doc))
      );
      CREATE INDEX notices_sender_department ON notices (sender_department_id, status);
      CREATE UNIQUE INDEX notices_request ON notices (sender_id, request_id);
    `,
  },
  {
    version: 10,
    name: "照会 (surveys), each ward section's answer, and their yearly numbers",
    // A section's answer is its own row (its own updated_at), so 200 sections answer at once without conflicts.
    sql: `
      CREATE TABLE survey_numbers (
        fiscal_year INTEGER PRIMARY KEY,
        last_sequence INTEGER NOT NULL
      );
      CREATE TABLE surveys (
        id TEXT PRIMARY KEY,
        fiscal_year INTEGER NOT NULL,
        sender_id TEXT NOT NULL,
        sender_department_id TEXT NOT NULL,
        request_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'cancelled')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        doc TEXT NOT NULL CHECK (json_valid(doc))
      );
      CREATE INDEX surveys_sender_department ON surveys (sender_department_id, status);
      CREATE UNIQUE INDEX surveys_request ON surveys (sender_id, request_id);
      CREATE TABLE survey_answers (
        survey_id TEXT NOT NULL,
        department_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'draft', 'awaitingApproval', 'returned', 'answered', 'unreachable')),
        updated_at TEXT NOT NULL,
        doc TEXT NOT NULL CHECK (json_valid(doc)),
        PRIMARY KEY (survey_id, department_id)
      );
      CREATE INDEX survey_answers_department ON survey_answers (department_id);
    `,
  },
  {
    version: 11,
    name: "意見照会: HQ's response to each ward section's opinion (survey_responses)",
    sql: `
      CREATE TABLE survey_responses (
        survey_id TEXT NOT NULL,
        department_id TEXT NOT NULL,
        question_key TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('adopt', 'reject')),
        doc TEXT NOT NULL CHECK (json_valid(doc)),
        PRIMARY KEY (survey_id, department_id, question_key)
      );
    `,
  },
  {
    version: 12,
    name: "manuals' text: extracted from PDF (by page) and docx (by heading), indexed like rulings",
    sql: `
      CREATE TABLE manual_texts (
        manual_id TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        ok INTEGER NOT NULL,
        reason TEXT,
        truncated INTEGER NOT NULL DEFAULT 0,
        extracted_at TEXT NOT NULL
      );
      CREATE TABLE manual_sections (
        manual_id TEXT NOT NULL,
        ordinal INTEGER NOT NULL,
        page INTEGER,
        heading TEXT,
        text TEXT NOT NULL,
        UNIQUE (manual_id, ordinal)
      );
      CREATE VIRTUAL TABLE manual_sections_fts USING fts5(body, tokenize = 'ascii');
    `,
  },
];
