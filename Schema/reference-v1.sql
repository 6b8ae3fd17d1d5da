-- Crosswalk reference database, schema version 1.
--
-- Every row is keyed by its code: the stable identifier other rows and the learning log refer
-- to. `item` registers every code once, whatever its kind, so that links can join any two items
-- with a foreign key and one full-text index can search them all.
--
-- Provenance on every row: document (the publication the fact comes from, a row of `document`),
-- source_url (the address it was read at: the publisher's page, or a copy on a mirror site),
-- status (confirmed | uncertain) and origin (official | project | computed).
--
-- An enumeration of more than two values is checked as `x = 'a' OR x = 'b' OR ...`, not as
-- `x IN ('a', 'b', ...)`: for an IN list SQLite builds a temporary b-tree of its values every
-- time it checks a row, which made loading 100 times the data 7 times slower than sqlite3's
-- own `.import`. The two forms accept and refuse exactly the same values.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE item (
    code       TEXT PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (
                   kind = 'framework' OR kind = 'capability' OR kind = 'indicator' OR
                   kind = 'standard' OR kind = 'element' OR kind = 'qualification' OR
                   kind = 'unit' OR kind = 'register-part' OR kind = 'activity'),
    title      TEXT NOT NULL,
    body       TEXT NOT NULL DEFAULT '',   -- descriptive text, searched
    keywords   TEXT NOT NULL DEFAULT '',   -- ';'-separated, searched
    framework  TEXT,                       -- the framework it belongs to, where it has one
    lookup_key TEXT NOT NULL               -- code folded for forgiving look-up: 'h7lg04'
) STRICT;
CREATE INDEX item_lookup ON item (lookup_key);
CREATE INDEX item_kind ON item (kind);

-- The publications facts come from. `url` is the publisher's own address, never a mirror's;
-- source_url, status and origin say where the document itself was identified.
CREATE TABLE document (
    id         TEXT PRIMARY KEY,
    title      TEXT NOT NULL,
    publisher  TEXT NOT NULL,
    edition    TEXT,
    url        TEXT,
    note       TEXT,
    source_url TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('confirmed', 'uncertain')),
    origin     TEXT NOT NULL CHECK (origin IN ('official', 'project'))
) STRICT;

CREATE TABLE framework (
    id         TEXT PRIMARY KEY REFERENCES item (code),
    name       TEXT NOT NULL,
    publisher  TEXT NOT NULL,
    edition    TEXT,
    kind       TEXT NOT NULL CHECK (
                   kind = 'capability-framework' OR kind = 'nos-suite' OR
                   kind = 'professional-standard' OR kind = 'quality-framework' OR
                   kind = 'code-of-practice' OR kind = 'cpl-model' OR kind = 'learning-framework' OR
                   kind = 'care-standards' OR kind = 'learning-programme' OR
                   kind = 'competency-framework'),
    document   TEXT NOT NULL REFERENCES document (id),
    source_url TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('confirmed', 'uncertain')),
    origin     TEXT NOT NULL CHECK (origin IN ('official', 'project'))
) STRICT;

CREATE TABLE capability (
    id         TEXT PRIMARY KEY REFERENCES item (code),
    position   INTEGER NOT NULL UNIQUE CHECK (position BETWEEN 1 AND 6),
    name       TEXT NOT NULL,
    definition TEXT NOT NULL,
    keywords   TEXT,
    document   TEXT NOT NULL REFERENCES document (id),
    source_url TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('confirmed', 'uncertain')),
    origin     TEXT NOT NULL CHECK (origin IN ('official', 'project'))
) STRICT;

CREATE TABLE indicator (
    code       TEXT PRIMARY KEY REFERENCES item (code),
    capability TEXT NOT NULL REFERENCES capability (id),
    role       TEXT NOT NULL CHECK (
                   role = 'frontline' OR role = 'manager' OR role = 'strategic'),
    position   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    keywords   TEXT,
    document   TEXT NOT NULL REFERENCES document (id),
    source_url TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('confirmed', 'uncertain')),
    origin     TEXT NOT NULL CHECK (origin IN ('official', 'project'))
) STRICT;
CREATE INDEX indicator_by_capability_role ON indicator (capability, role, position);

CREATE TABLE standard (
    code       TEXT PRIMARY KEY REFERENCES item (code),
    framework  TEXT NOT NULL REFERENCES framework (id),
    kind       TEXT NOT NULL CHECK (
                   kind = 'nos-unit' OR kind = 'cp-heading' OR kind = 'quality-indicator' OR
                   kind = 'code-section' OR kind = 'cpl-element' OR kind = 'learning-domain' OR
                   kind = 'care-standard' OR kind = 'statement'),
    grp        TEXT,
    title      TEXT NOT NULL,
    overview   TEXT,
    keywords   TEXT,
    document   TEXT NOT NULL REFERENCES document (id),
    source_url TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('confirmed', 'uncertain')),
    origin     TEXT NOT NULL CHECK (origin IN ('official', 'project'))
) STRICT;
CREATE INDEX standard_by_framework ON standard (framework, code);

CREATE TABLE element (
    code       TEXT PRIMARY KEY REFERENCES item (code),
    standard   TEXT NOT NULL REFERENCES standard (code),
    kind       TEXT NOT NULL CHECK (
                   kind = 'pc-section' OR kind = 'performance-criterion' OR kind = 'knowledge' OR
                   kind = 'element' OR kind = 'statement' OR kind = 'theme' OR kind = 'behaviour'),
    position   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    keywords   TEXT,
    document   TEXT NOT NULL REFERENCES document (id),
    source_url TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('confirmed', 'uncertain')),
    origin     TEXT NOT NULL CHECK (origin IN ('official', 'project'))
) STRICT;
CREATE INDEX element_by_standard ON element (standard, position);

CREATE TABLE qualification (
    id            TEXT PRIMARY KEY REFERENCES item (code),
    name          TEXT NOT NULL,
    aliases       TEXT,
    kind          TEXT NOT NULL CHECK (
                      kind = 'svq' OR kind = 'pda' OR kind = 'hnc' OR kind = 'hnd' OR kind = 'nc' OR
                      kind = 'degree' OR kind = 'other'),
    awarding_body TEXT,
    award_code    TEXT UNIQUE,
    scqf_level    INTEGER CHECK (scqf_level BETWEEN 1 AND 12),
    credits       INTEGER CHECK (credits > 0),
    structure     TEXT,
    overview      TEXT,
    -- Whether a worker can still take it (project judgement): current, legacy (counts only when
    -- already held), stand-in (any award meeting another body's rules); NULL when not judged.
    -- `plan` never suggests legacy awards or stand-ins.
    availability  TEXT CHECK (
                      availability = 'current' OR availability = 'legacy' OR
                      availability = 'stand-in'),
    document      TEXT NOT NULL REFERENCES document (id),
    source_url    TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('confirmed', 'uncertain')),
    origin        TEXT NOT NULL CHECK (origin IN ('official', 'project'))
) STRICT;

CREATE TABLE qualification_group (
    qualification TEXT NOT NULL REFERENCES qualification (id),
    grp           TEXT NOT NULL,
    choose_min    INTEGER CHECK (choose_min >= 0),
    choose_max    INTEGER CHECK (choose_max >= 0),
    units_total   INTEGER CHECK (units_total >= 0),  -- units the group has in all, when known
    description   TEXT,
    document      TEXT NOT NULL REFERENCES document (id),
    source_url    TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('confirmed', 'uncertain')),
    origin        TEXT NOT NULL CHECK (origin IN ('official', 'project')),
    PRIMARY KEY (qualification, grp),
    CHECK (choose_max IS NULL OR choose_min IS NULL OR choose_max >= choose_min)
) STRICT;

CREATE TABLE unit (
    code       TEXT PRIMARY KEY REFERENCES item (code),
    title      TEXT NOT NULL,
    credits    INTEGER CHECK (credits > 0),
    scqf_level INTEGER CHECK (scqf_level BETWEEN 1 AND 12),
    document   TEXT NOT NULL REFERENCES document (id),
    source_url TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('confirmed', 'uncertain')),
    origin     TEXT NOT NULL CHECK (origin IN ('official', 'project')),
    -- Derived by the importer when scqf_level is not recorded: the level of the qualifications
    -- the unit is in, when they all agree. Shown as inherited.
    inherited_scqf_level INTEGER CHECK (inherited_scqf_level BETWEEN 1 AND 12)
) STRICT;

CREATE TABLE qualification_unit (
    qualification TEXT NOT NULL,
    unit          TEXT NOT NULL REFERENCES unit (code),
    grp           TEXT NOT NULL,
    document      TEXT NOT NULL REFERENCES document (id),
    source_url    TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('confirmed', 'uncertain')),
    origin        TEXT NOT NULL CHECK (origin IN ('official', 'project')),
    PRIMARY KEY (qualification, unit),
    FOREIGN KEY (qualification, grp) REFERENCES qualification_group (qualification, grp)
) STRICT;
CREATE INDEX qualification_unit_by_unit ON qualification_unit (unit);

CREATE TABLE register_part (
    id                   TEXT PRIMARY KEY REFERENCES item (code),
    service              TEXT NOT NULL CHECK (
                             service = 'care-home-adults' OR service = 'care-at-home' OR
                             service = 'housing-support' OR service = 'day-care-children'),
    role                 TEXT NOT NULL CHECK (
                             role = 'support-worker' OR role = 'practitioner' OR
                             role = 'supervisor' OR role = 'manager'),
    name                 TEXT NOT NULL,
    aliases              TEXT,                 -- ';'-separated names people use
    description          TEXT,
    qualify_within_years INTEGER CHECK (qualify_within_years > 0),
    document             TEXT NOT NULL REFERENCES document (id),
    source_url           TEXT NOT NULL,
    status               TEXT NOT NULL CHECK (status IN ('confirmed', 'uncertain')),
    origin               TEXT NOT NULL CHECK (origin IN ('official', 'project')),
    UNIQUE (service, role)
) STRICT;

CREATE TABLE register_rule (
    part           TEXT NOT NULL REFERENCES register_part (id),
    requirement    TEXT NOT NULL CHECK (
                       requirement = 'practice' OR requirement = 'supervisory' OR
                       requirement = 'management'),
    option         INTEGER NOT NULL CHECK (option > 0),
    qualification  TEXT NOT NULL REFERENCES qualification (id),
    units_required INTEGER CHECK (units_required > 0),
    note           TEXT,
    document       TEXT NOT NULL REFERENCES document (id),
    source_url     TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('confirmed', 'uncertain')),
    origin         TEXT NOT NULL CHECK (origin IN ('official', 'project')),
    PRIMARY KEY (part, requirement, option, qualification)
) STRICT;

CREATE TABLE activity (
    code        TEXT PRIMARY KEY REFERENCES item (code),
    programme   TEXT NOT NULL CHECK (programme IN ('23-things-leadership', '23-things-elc')),
    number      INTEGER NOT NULL CHECK (number BETWEEN 1 AND 23),
    title       TEXT NOT NULL,
    badge       TEXT,
    group_badge TEXT,
    min_words   INTEGER CHECK (min_words > 0),
    theme       TEXT,
    keywords    TEXT,
    document    TEXT NOT NULL REFERENCES document (id),
    source_url  TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('confirmed', 'uncertain')),
    origin      TEXT NOT NULL CHECK (origin IN ('official', 'project')),
    UNIQUE (programme, number)
) STRICT;

-- What the record holds of each 23 Things activity's own page (thing_pages.csv): whether it was
-- read, whether the card shows the worker's career route (`plan`), the last of the Things 1..N
-- it suggests doing first, the items it names (';'-separated codes, checked by the importer),
-- the badge's own page, and a note on what was and was not read.
CREATE TABLE thing_page (
    thing           TEXT PRIMARY KEY REFERENCES activity (code),
    page            TEXT NOT NULL CHECK (
                        page = 'read' OR page = 'partly-read' OR page = 'not-read'),
    career_route    TEXT NOT NULL CHECK (career_route IN ('yes', 'no')),
    suggested_first INTEGER CHECK (suggested_first BETWEEN 1 AND 22),
    names           TEXT,
    badge_url       TEXT,
    note            TEXT,
    document        TEXT NOT NULL REFERENCES document (id),
    source_url      TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('confirmed', 'uncertain')),
    origin          TEXT NOT NULL CHECK (origin IN ('official', 'project'))
) STRICT;

-- A Thing's activity, step by step, in the project's words (thing_steps.csv).
CREATE TABLE thing_step (
    thing      TEXT NOT NULL REFERENCES activity (code),
    position   INTEGER NOT NULL CHECK (position > 0),
    text       TEXT NOT NULL,
    document   TEXT NOT NULL REFERENCES document (id),
    source_url TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('confirmed', 'uncertain')),
    origin     TEXT NOT NULL CHECK (origin IN ('official', 'project')),
    PRIMARY KEY (thing, position)
) STRICT;

-- What a Thing's written reflection must answer (thing_prompts.csv): the prompt in the
-- project's words, what a suggestion says is missing, and how a draft is matched to it: its
-- key terms, terms of which a passage needs one, and the items it is about (';'-separated
-- codes whose evidence in a passage counts). Key terms are project-authored.
CREATE TABLE thing_prompt (
    thing          TEXT NOT NULL REFERENCES activity (code),
    prompt         TEXT NOT NULL CHECK (
                       prompt = 'a' OR prompt = 'b' OR prompt = 'c' OR prompt = 'd' OR
                       prompt = 'e' OR prompt = 'f' OR prompt = 'g' OR prompt = 'h'),
    text           TEXT NOT NULL,
    missing        TEXT NOT NULL,
    key_terms      TEXT NOT NULL,
    required_terms TEXT,
    about          TEXT,
    document       TEXT NOT NULL REFERENCES document (id),
    source_url     TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('confirmed', 'uncertain')),
    origin         TEXT NOT NULL CHECK (origin IN ('official', 'project')),
    PRIMARY KEY (thing, prompt)
) STRICT;

CREATE TABLE link (
    from_code  TEXT NOT NULL REFERENCES item (code),
    to_code    TEXT NOT NULL REFERENCES item (code),
    kind       TEXT NOT NULL CHECK (
                   kind = 'built-on' OR kind = 'evidences' OR kind = 'replaces' OR
                   kind = 'relates-to'),
    strength   REAL NOT NULL CHECK (strength > 0 AND strength <= 1),
    rationale  TEXT NOT NULL,
    document   TEXT NOT NULL REFERENCES document (id),
    source_url TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('confirmed', 'uncertain')),
    origin     TEXT NOT NULL CHECK (
                   origin = 'official' OR origin = 'project' OR origin = 'computed'),
    PRIMARY KEY (from_code, to_code, kind),
    CHECK (from_code <> to_code)
) STRICT;
CREATE INDEX link_to ON link (to_code, kind);

-- Worker language → the words the data uses: a text containing `term` is read as also
-- containing `means`, counted at the weight of `kind` (synonym: the same thing; narrower: one
-- kind of it; related: a sign of it).
CREATE TABLE vocabulary (
    term       TEXT NOT NULL,
    means      TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (
                   kind = 'synonym' OR kind = 'narrower' OR kind = 'related'),
    document   TEXT NOT NULL REFERENCES document (id),
    source_url TEXT NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('confirmed', 'uncertain')),
    origin     TEXT NOT NULL CHECK (origin IN ('official', 'project')),
    PRIMARY KEY (term, means)
) STRICT;

-- Full-text index over every item. Porter stemming folds "leading", "leads", "led"... closer
-- together; remove_diacritics lets "créche" find "creche".
CREATE VIRTUAL TABLE item_search USING fts5 (
    code, title, body, keywords,
    content = 'item', content_rowid = 'rowid',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- CASE packages loaded with `crosswalk import --case`, kept whole: whenever the database is
-- rebuilt (new built-in data, `crosswalk import --data`, another package), its data is loaded
-- first and these packages are applied to it again, in `position` order.
CREATE TABLE case_package (
    identifier TEXT PRIMARY KEY,           -- the CFDocument's identifier
    uri        TEXT NOT NULL,              -- the CFDocument's uri
    title      TEXT NOT NULL,
    framework  TEXT NOT NULL,              -- the framework it went into
    file       TEXT NOT NULL,              -- where it was read from
    package    TEXT NOT NULL,              -- the package JSON as read
    created    INTEGER NOT NULL,           -- items it added
    updated    INTEGER NOT NULL,           -- items of ours whose text it replaced
    links      INTEGER NOT NULL,           -- associations loaded as links
    loaded_at  TEXT NOT NULL,              -- ISO 8601 UTC
    position   INTEGER NOT NULL UNIQUE
) STRICT;

-- The CASE identity of items and frameworks a package added, so that exports keep the
-- identifiers they were published with.
CREATE TABLE case_node (
    code       TEXT PRIMARY KEY,
    identifier TEXT NOT NULL UNIQUE,
    uri        TEXT NOT NULL,
    package    TEXT NOT NULL               -- case_package.identifier
) STRICT;
