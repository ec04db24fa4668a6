-- Effective practice and self-evaluation (issue 7): a searchable library of what worked, and each
-- school's own judgement of itself per academic year, which the analysis checks against the data.

-- draft → published → archived (a draft may also be archived without being published).
CREATE TYPE practice_status AS ENUM ('draft', 'published', 'archived');

CREATE TABLE practice_records (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title text NOT NULL CHECK (btrim(title) <> '' AND length(title) <= 200),
    summary text NOT NULL CHECK (length(summary) <= 2000),
    -- Markdown; rendered (escaping all raw HTML) when read.
    body text NOT NULL CHECK (length(body) <= 100000),
    -- Area codes of `areas` (checked by the store: an array cannot carry a foreign key).
    areas text[] NOT NULL CHECK (cardinality(areas) BETWEEN 1 AND 10),
    phase text NOT NULL CHECK (phase IN ('primary', 'secondary', 'all-through', 'special', 'any')),
    -- The contributor: a school or a supporter, exactly one.
    urn integer REFERENCES schools (urn),
    supporter_id bigint REFERENCES supporters (id),
    -- The partnership the practice came out of, if any.
    partnership_id bigint REFERENCES partnerships (id),
    -- When the contributor agreed to share it (required to publish), and when to review it.
    consent_date date,
    review_date date,
    status practice_status NOT NULL DEFAULT 'draft',
    published_at timestamptz,
    created_by bigint REFERENCES users (id),
    updated_by bigint REFERENCES users (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    version integer NOT NULL DEFAULT 1,
    -- Full-text search: title outweighs summary, summary outweighs body.
    search tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A')
        || setweight(to_tsvector('english', summary), 'B')
        || setweight(to_tsvector('english', body), 'C')) STORED,
    CHECK ((urn IS NULL) <> (supporter_id IS NULL)),
    CHECK (status = 'draft' OR consent_date IS NOT NULL),
    CHECK ((status = 'draft') = (published_at IS NULL) OR status = 'archived')
);
CREATE INDEX practice_records_search ON practice_records USING gin (search);
CREATE INDEX practice_records_areas ON practice_records USING gin (areas);
CREATE INDEX practice_records_published ON practice_records (published_at DESC, id DESC) WHERE status = 'published';
CREATE INDEX practice_records_phase ON practice_records (phase, published_at DESC) WHERE status = 'published';
CREATE INDEX practice_records_urn ON practice_records (urn);
CREATE INDEX practice_records_partnership ON practice_records (partnership_id);

-- The evidence of impact: measures of the school before and after, by year. Values are read
-- from `school_measures` when the record is, never typed in.
CREATE TABLE practice_impact_measures (
    record_id bigint NOT NULL REFERENCES practice_records (id) ON DELETE CASCADE,
    position integer NOT NULL CHECK (position >= 0),
    measure text NOT NULL CHECK (measure ~ '^[A-Za-z0-9_]+$'),
    before_year integer NOT NULL CHECK (before_year BETWEEN 2000 AND 2100),
    after_year integer NOT NULL CHECK (after_year BETWEEN 2000 AND 2100),
    PRIMARY KEY (record_id, position),
    CHECK (before_year < after_year)
);

-- A school's self-evaluation for an academic year. A resubmission supersedes the current one
-- (kept as history, `superseded_at` set); one current submission per school and year.
CREATE TABLE self_evaluations (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    urn integer NOT NULL REFERENCES schools (urn),
    academic_year integer NOT NULL CHECK (academic_year BETWEEN 2000 AND 2100),
    version integer NOT NULL CHECK (version >= 1),
    overall_narrative text NOT NULL DEFAULT '' CHECK (length(overall_narrative) <= 20000),
    -- Areas the school asks support in (each becomes a `self_referral` need).
    self_referral_areas text[] NOT NULL DEFAULT '{}',
    submitted_by bigint REFERENCES users (id),
    submitted_at timestamptz NOT NULL DEFAULT now(),
    superseded_at timestamptz,
    UNIQUE (urn, academic_year, version)
);
-- The analysis reads each school's latest current submission up to a year.
CREATE UNIQUE INDEX self_evaluations_current ON self_evaluations (urn, academic_year) WHERE superseded_at IS NULL;

-- A judgement per area on the report-card scale, with the school's narrative.
CREATE TABLE self_evaluation_judgements (
    self_evaluation_id bigint NOT NULL REFERENCES self_evaluations (id) ON DELETE CASCADE,
    area_code text NOT NULL REFERENCES areas (code),
    grade text NOT NULL CHECK (grade IN ('urgent-improvement', 'needs-attention', 'expected-standard',
                                         'strong-standard', 'exceptional')),
    narrative text NOT NULL DEFAULT '' CHECK (length(narrative) <= 8000),
    PRIMARY KEY (self_evaluation_id, area_code)
);
