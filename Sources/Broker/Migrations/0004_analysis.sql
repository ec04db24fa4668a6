-- The annual desk-top analysis (issue 4): runs with their rules, each school's proposed level
-- with reasons, areas for improvement and strengths; advisers' decisions on levels; support
-- plans (the offer of each level, scheduled as activities over the year's terms); the traded
-- offer. Result tables are written in bulk (COPY, ~22,000 schools a run), so, as in 0002, they
-- carry no row-by-row foreign keys (the writer takes their keys from the same transaction), and
-- their explanations are compressed with lz4, cheaper to write than the default pglz.

CREATE TYPE support_level AS ENUM ('secure_plus', 'secure', 'light_touch', 'focus', 'intensive');

CREATE TABLE analysis_runs (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The analysed academic year, as the year in which it ends (2025 = 2024 to 2025).
    academic_year integer NOT NULL CHECK (academic_year BETWEEN 2000 AND 2100),
    rules_version text NOT NULL CHECK (rules_version <> ''),
    -- The whole rules document the run applied (AnalysisRules as JSON), so a result can be
    -- explained after an administrator has edited the rules.
    rules jsonb NOT NULL,
    started_at timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    schools integer NOT NULL CHECK (schools >= 0),
    areas_for_improvement integer NOT NULL CHECK (areas_for_improvement >= 0),
    strengths integer NOT NULL CHECK (strengths >= 0),
    warnings integer NOT NULL CHECK (warnings >= 0),
    needs_created integer NOT NULL CHECK (needs_created >= 0),
    needs_updated integer NOT NULL CHECK (needs_updated >= 0),
    needs_withdrawn integer NOT NULL CHECK (needs_withdrawn >= 0),
    activities_planned integer NOT NULL CHECK (activities_planned >= 0),
    -- Where the time went: reading the evidence, the pure analysis, writing everything.
    load_ms double precision NOT NULL CHECK (load_ms >= 0),
    analyse_ms double precision NOT NULL CHECK (analyse_ms >= 0),
    write_ms double precision NOT NULL CHECK (write_ms >= 0),
    CHECK (started_at <= finished_at)
);
CREATE INDEX analysis_runs_year ON analysis_runs (academic_year, id);

-- One row per school analysed by a run: the proposed level and why.
CREATE TABLE analysis_results (
    run_id bigint NOT NULL,
    urn integer NOT NULL,
    level support_level NOT NULL,
    -- [LevelReason]: rule, level, text and evidence, the deciding ones first.
    reasons jsonb COMPRESSION lz4 NOT NULL,
    -- [DataWarning] without its text (written from the fields when decoded): small cohorts,
    -- suppressed, missing, out-of-date data.
    warnings jsonb COMPRESSION lz4 NOT NULL,
    PRIMARY KEY (run_id, urn)
);
CREATE INDEX analysis_results_urn ON analysis_results (urn, run_id);

CREATE TABLE analysis_areas (
    run_id bigint NOT NULL,
    urn integer NOT NULL,
    area_code text NOT NULL,
    -- Place in the result's list (most severe first, then as found), from 0.
    position integer NOT NULL CHECK (position >= 0),
    severity integer NOT NULL CHECK (severity BETWEEN 1 AND 5),
    -- [Finding]: each rule that found the area, with its text and evidence.
    findings jsonb COMPRESSION lz4 NOT NULL,
    PRIMARY KEY (run_id, urn, area_code)
);

CREATE TABLE analysis_strengths (
    run_id bigint NOT NULL,
    urn integer NOT NULL,
    area_code text NOT NULL,
    position integer NOT NULL CHECK (position >= 0),
    strength double precision NOT NULL CHECK (strength BETWEEN 0 AND 1),
    findings jsonb COMPRESSION lz4 NOT NULL,
    PRIMARY KEY (run_id, urn, area_code)
);

-- An adviser's decision on a school's level for a year: agreeing with the proposal, or
-- overriding it with a reason. Append-only history; the latest decision counts and survives
-- re-running the analysis. `decided_by` is the adviser's name until users exist.
CREATE TYPE level_decision_kind AS ENUM ('agreed', 'overridden');

CREATE TABLE level_decisions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    urn integer NOT NULL REFERENCES schools (urn),
    academic_year integer NOT NULL CHECK (academic_year BETWEEN 2000 AND 2100),
    kind level_decision_kind NOT NULL,
    level support_level NOT NULL,
    -- The proposal the adviser saw (NULL when no run had proposed a level yet).
    proposed_level support_level,
    proposed_by_run bigint REFERENCES analysis_runs (id),
    reason text NOT NULL DEFAULT '',
    decided_by text NOT NULL CHECK (btrim(decided_by) <> ''),
    decided_at timestamptz NOT NULL DEFAULT now(),
    CHECK (kind = 'agreed' OR btrim(reason) <> ''),
    CHECK (kind = 'overridden' OR level = proposed_level)
);
CREATE INDEX level_decisions_school_year ON level_decisions (urn, academic_year, id);

-- Each school's current level in a year: the latest run's proposal, the latest decision, the
-- effective level (decided, else proposed), and whether they disagree (a re-run proposing
-- something other than what the adviser decided).
CREATE FUNCTION school_levels_in(year integer)
RETURNS TABLE (
    urn integer, academic_year integer, proposed_level support_level, proposed_by_run bigint,
    decided_level support_level, status text, effective_level support_level, disagreement boolean,
    decision_reason text, decided_by text, decided_at timestamptz)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    WITH proposal AS (
        SELECT r.urn, r.level, r.run_id FROM analysis_results r
        WHERE r.run_id = (SELECT max(id) FROM analysis_runs WHERE analysis_runs.academic_year = year)
    ), decision AS (
        SELECT DISTINCT ON (d.urn) d.urn, d.kind, d.level, d.reason, d.decided_by, d.decided_at
        FROM level_decisions d WHERE d.academic_year = year ORDER BY d.urn, d.id DESC
    )
    SELECT coalesce(p.urn, d.urn), year, p.level, p.run_id, d.level, coalesce(d.kind::text, 'pending'),
           coalesce(d.level, p.level), coalesce(d.level <> p.level, false), d.reason, d.decided_by, d.decided_at
    FROM proposal p FULL JOIN decision d ON d.urn = p.urn
$$;

-- The same for every year with a run or a decision.
CREATE VIEW school_levels AS
SELECT levels.*
FROM (SELECT academic_year FROM analysis_runs UNION SELECT academic_year FROM level_decisions) AS years,
     LATERAL school_levels_in(years.academic_year) AS levels;

-- Support plans. Activity kinds are data: an administrator can add one and use it in the offer.
CREATE TABLE support_activity_kinds (
    code text PRIMARY KEY CHECK (code ~ '^[a-z]+(_[a-z0-9]+)*$'),
    title text NOT NULL CHECK (title <> '')
);

INSERT INTO support_activity_kinds (code, title) VALUES
    ('desk_top_analysis', 'Annual desk-top analysis'),
    ('self_evaluation_invitation', 'Invitation to submit a self-evaluation summary'),
    ('self_evaluation_conversation', 'Telephone conversation on the self-evaluation'),
    ('initial_visit', 'Initial visit'),
    ('telephone_follow_up', 'Telephone follow-up of progress'),
    ('adviser_review', 'Adviser-led review'),
    ('improvement_programme', 'Improvement programme (tier 1/2)'),
    ('project_board', 'Project board meeting');

CREATE TYPE school_term AS ENUM ('autumn', 'spring', 'summer');

-- What each level receives (DESIGN.md, "Support levels"), as data: each kind of activity, the
-- terms it happens in and how often per term (proportionate to need), and how many weeks into
-- the term the first falls due; further ones of a term are spread evenly to its end.
CREATE TABLE support_offer (
    level support_level NOT NULL,
    kind text NOT NULL REFERENCES support_activity_kinds (code),
    terms school_term[] NOT NULL CHECK (cardinality(terms) > 0),
    per_term integer NOT NULL DEFAULT 1 CHECK (per_term BETWEEN 1 AND 12),
    first_due_week integer NOT NULL DEFAULT 2 CHECK (first_due_week BETWEEN 0 AND 12),
    PRIMARY KEY (level, kind)
);

INSERT INTO support_offer (level, kind, terms, per_term, first_due_week) VALUES
    ('secure_plus', 'desk_top_analysis', '{autumn}', 1, 1),
    ('secure_plus', 'self_evaluation_invitation', '{autumn}', 1, 4),
    ('secure', 'desk_top_analysis', '{autumn}', 1, 1),
    ('secure', 'self_evaluation_conversation', '{autumn}', 1, 6),
    ('secure', 'telephone_follow_up', '{summer}', 1, 4),
    ('light_touch', 'desk_top_analysis', '{autumn}', 1, 1),
    ('light_touch', 'initial_visit', '{autumn}', 1, 4),
    ('light_touch', 'telephone_follow_up', '{autumn}', 1, 12),
    ('focus', 'desk_top_analysis', '{autumn}', 1, 1),
    ('focus', 'initial_visit', '{autumn}', 1, 3),
    ('focus', 'adviser_review', '{spring,summer}', 1, 4),
    ('focus', 'improvement_programme', '{autumn}', 1, 6),
    ('focus', 'project_board', '{autumn,spring,summer}', 1, 8),
    ('intensive', 'initial_visit', '{autumn}', 1, 2),
    ('intensive', 'adviser_review', '{autumn,spring,summer}', 2, 4),
    ('intensive', 'improvement_programme', '{autumn}', 1, 4),
    ('intensive', 'project_board', '{autumn,spring,summer}', 2, 5);

-- The school terms of an academic year, for scheduling (1 September – 19 December, 5 January –
-- 31 March, 15 April – 22 July): due dates, not a school's own calendar.
CREATE FUNCTION term_dates(academic_year integer, term school_term) RETURNS daterange
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN CASE term
    WHEN 'autumn' THEN daterange(make_date(academic_year - 1, 9, 1), make_date(academic_year - 1, 12, 19), '[]')
    WHEN 'spring' THEN daterange(make_date(academic_year, 1, 5), make_date(academic_year, 3, 31), '[]')
    ELSE daterange(make_date(academic_year, 4, 15), make_date(academic_year, 7, 22), '[]') END;

-- Which level's offer each school's activities of a year were planned from: re-levelling
-- re-plans only the schools whose effective level differs from it.
CREATE TABLE support_plans (
    urn integer NOT NULL,
    academic_year integer NOT NULL CHECK (academic_year BETWEEN 2000 AND 2100),
    level support_level NOT NULL,
    planned_at timestamptz NOT NULL,
    PRIMARY KEY (urn, academic_year)
);

CREATE TYPE activity_status AS ENUM ('planned', 'done', 'cancelled');

-- A scheduled activity of a school's support plan. Overdue is derived (still planned, due date
-- passed), computed when read against the caller's date.
CREATE TABLE support_activities (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    urn integer NOT NULL,
    academic_year integer NOT NULL CHECK (academic_year BETWEEN 2000 AND 2100),
    kind text NOT NULL CHECK (kind ~ '^[a-z]+(_[a-z0-9]+)*$'),
    term school_term NOT NULL,
    due_date date NOT NULL,
    status activity_status NOT NULL DEFAULT 'planned',
    -- The level whose offer planned it; NULL for one an adviser added by hand (never re-planned).
    planned_for_level support_level,
    notes text NOT NULL DEFAULT '',
    outcome text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX support_activities_school_year ON support_activities (academic_year, urn, due_date);

-- The traded offer: services an administrator lists by area, which `secure` schools can be
-- pointed to for their agreed areas for improvement.
CREATE TABLE traded_services (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    area_code text NOT NULL REFERENCES areas (code),
    title text NOT NULL CHECK (btrim(title) <> ''),
    description text NOT NULL DEFAULT '',
    provider text NOT NULL DEFAULT '',
    active boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (area_code, title)
);

CREATE TABLE traded_service_links (
    urn integer NOT NULL REFERENCES schools (urn),
    academic_year integer NOT NULL CHECK (academic_year BETWEEN 2000 AND 2100),
    area_code text NOT NULL REFERENCES areas (code),
    service_id bigint NOT NULL REFERENCES traded_services (id),
    linked_by text NOT NULL CHECK (btrim(linked_by) <> ''),
    linked_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (urn, academic_year, area_code, service_id)
);
CREATE INDEX traded_service_links_service ON traded_service_links (service_id);
