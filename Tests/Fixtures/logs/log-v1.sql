-- A learning log as crosswalk wrote it at schema version 1 (before log-v2.sql), dumped with
-- `sqlite3 log.db .dump`: settings, five entries (id 3 deleted and then reused, as version 1
-- did), suggested, confirmed and rejected references. The tests load it and set user_version 1.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
INSERT INTO setting VALUES('name','Alex Morgan');
INSERT INTO setting VALUES('role','manager');
CREATE TABLE entry (
    id             INTEGER PRIMARY KEY,
    -- Stable across logs: export/import match entries by it, so re-importing never duplicates.
    uuid           TEXT NOT NULL UNIQUE,
    date           TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    title          TEXT NOT NULL CHECK (length(trim(title)) > 0),
    text           TEXT NOT NULL DEFAULT '',
    hours          REAL CHECK (hours IS NULL OR hours >= 0),
    -- A 23 Things activity code (23L-22, 23ELC-5), when the entry is written for a Thing.
    thing          TEXT,
    -- An SSSC CPL core learning element code (CPL-1 ... CPL-7).
    element        TEXT,
    -- Who chose the element: the worker, or crosswalk from the text.
    element_source TEXT CHECK (element_source IN ('user', 'mapper')),
    role           TEXT NOT NULL CHECK (role IN ('frontline', 'manager', 'strategic')),
    words          INTEGER NOT NULL CHECK (words >= 0),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    CHECK ((element IS NULL) = (element_source IS NULL))
) STRICT;
INSERT INTO entry VALUES(1,'2e88fe76-298a-4338-8254-8cfbfc907cd7','2025-01-14','Supervision','Supervision with my manager. We reflected on a difficult conversation with a family and I agreed to lead the next team meeting.',1.5,NULL,'CPL-6','user','manager',22,'2026-12-01T08:27:49Z','2026-12-01T08:27:49Z');
INSERT INTO entry VALUES(2,'4a1eaa37-d78a-4256-ba0c-ef73312a8c2b','2025-02-01','Thing 22','I read about coaching and tried it with a new colleague; reflection on listening and questions.',2.0,'23L-22','CPL-2','mapper','manager',16,'2026-12-01T08:27:49Z','2026-12-01T08:27:53Z');
INSERT INTO entry VALUES(3,'9bd68be7-0a94-4fdf-b2cb-e2d6d17af654','2025-02-03','Reused id','Another entry after a delete',NULL,NULL,NULL,NULL,'manager',5,'2026-12-01T08:27:49Z','2026-12-01T08:27:49Z');
INSERT INTO entry VALUES(4,'d85e83d6-81f7-4774-80b9-7f6a93c60a25','2025-03-01','Quotes "and" ünïcode',replace('Line one.\nLine two with ‘curly’ quotes, an emoji 🙂 and a tab	here.','\n',char(10)),NULL,NULL,'CPL-3','mapper','manager',13,'2026-12-01T08:27:53Z','2026-12-01T08:27:53Z');
CREATE TABLE entry_reference (
    entry_id INTEGER NOT NULL REFERENCES entry (id) ON DELETE CASCADE,
    code     TEXT NOT NULL,
    -- The item kind when attached: capability, indicator, standard, element, unit, ...
    kind     TEXT NOT NULL,
    status   TEXT NOT NULL CHECK (status IN ('suggested', 'confirmed', 'rejected')),
    -- The mapper's score in 0..1; NULL for a reference the worker added.
    score    REAL CHECK (score IS NULL OR (score >= 0 AND score <= 1)),
    source   TEXT NOT NULL CHECK (source IN ('mapper', 'user')),
    -- The item's title when attached, so the record still reads if the code later disappears.
    title    TEXT,
    added_at TEXT NOT NULL,
    PRIMARY KEY (entry_id, code)
) STRICT;
INSERT INTO entry_reference VALUES(1,'empowering','capability','confirmed',0.55923791038504588879,'mapper','Empowering','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(1,'empowering/M5','indicator','confirmed',0.30098182751861202177,'mapper','Promotes self-determination, citizenship and autonomy for people using services, families and carers.','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(1,'self-leadership','capability','confirmed',0.44103506783276646974,'mapper','Self-leadership','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(1,'self-leadership/M2','indicator','confirmed',0.33072619133702485516,'mapper','Takes deliberate steps to strengthen own leadership, for example through feedback, reflection and learning.','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(1,'self-leadership/M4','indicator','confirmed',0.25089283997090539024,'mapper','Shows personal resilience and helps the team build its own.','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(1,'motivating-and-inspiring','capability','confirmed',0.40632964342732802442,'mapper','Motivating and inspiring','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(1,'motivating-and-inspiring/M3','indicator','confirmed',0.55391446302869518092,'mapper','Encourages staff learning through coaching, mentoring and support for development.','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(1,'motivating-and-inspiring/M4','indicator','confirmed',0.53875821326476591721,'mapper','Grows a culture of learning and continuous improvement in the team.','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(1,'MMLLF-3','standard','confirmed',0.80992925049623953892,'mapper','Leading, managing and developing people','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(1,'SCDLMCA1','standard','rejected',0.80990633751514773397,'mapper','Manage and develop yourself and your workforce within care services','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(1,'CI-CH 2.4','standard','confirmed',0.78846114502073783025,'mapper','Staff are led well','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(1,'SCDHSC0031','standard','confirmed',0.78437774713722752117,'mapper','Promote effective communication','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(2,'motivating-and-inspiring','capability','suggested',0.40932058363155499058,'mapper','Motivating and inspiring','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(2,'motivating-and-inspiring/M3','indicator','suggested',0.52522618867166193101,'mapper','Encourages staff learning through coaching, mentoring and support for development.','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(2,'motivating-and-inspiring/M4','indicator','suggested',0.36567625611717391453,'mapper','Grows a culture of learning and continuous improvement in the team.','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(2,'empowering','capability','suggested',0.38246005583729203447,'mapper','Empowering','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(2,'empowering/M2','indicator','suggested',0.33546978702658125648,'mapper','Gives staff room to try new ideas and take appropriate risks while keeping accountability clear.','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(2,'self-leadership','capability','suggested',0.36100355972462938591,'mapper','Self-leadership','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(2,'self-leadership/M2','indicator','suggested',0.33072619133702485516,'mapper','Takes deliberate steps to strengthen own leadership, for example through feedback, reflection and learning.','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(2,'SCDHSC0021','standard','suggested',0.6861754823304349049,'mapper','Support effective communication','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(2,'MMLLF-3','standard','suggested',0.61197132893998973379,'mapper','Leading, managing and developing people','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(2,'SCDLMCA1','standard','suggested',0.567175616824468376,'mapper','Manage and develop yourself and your workforce within care services','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(2,'SCDHSC0023','standard','suggested',0.5017992190108663264,'mapper','Develop your own knowledge and practice','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(1,'vision/M2','indicator','confirmed',NULL,'user','Puts the service vision across in a way that lets staff own it and see their part in achieving it.','2026-12-01T08:27:49Z');
INSERT INTO entry_reference VALUES(2,'vision','capability','rejected',NULL,'user','Vision','2026-12-01T08:27:53Z');
CREATE INDEX entry_by_date ON entry (date, id);
CREATE INDEX entry_reference_by_code ON entry_reference (code, status);
COMMIT;
