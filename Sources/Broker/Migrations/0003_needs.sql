-- Needs (DESIGN.md, "Matching"): a school's call for support in one area for improvement in one
-- academic year. The analysis creates them from areas for improvement; head teachers self-refer;
-- advisers and head teacher groups add them. The matcher reads the open ones.
CREATE TYPE need_source AS ENUM ('analysis', 'self_referral', 'adviser', 'group_request');

-- open: waiting for a supporter; met: in an accepted or active partnership or completed;
-- withdrawn: no longer needed (the analysis no longer finds it, or the school withdrew it).
CREATE TYPE need_status AS ENUM ('open', 'met', 'withdrawn');

CREATE TABLE needs (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    urn integer NOT NULL REFERENCES schools (urn),
    area_code text NOT NULL REFERENCES areas (code),
    -- The academic year it belongs to, as the year in which it ends (2025 = 2024 to 2025).
    academic_year integer NOT NULL CHECK (academic_year BETWEEN 2000 AND 2100),
    severity integer NOT NULL CHECK (severity BETWEEN 1 AND 5),
    source need_source NOT NULL,
    status need_status NOT NULL DEFAULT 'open',
    -- Why the need exists, in plain English (the analysis' findings, or the school's own words).
    rationale text NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    -- One need per school, area, year and source: re-running the analysis updates its own needs
    -- rather than duplicating them, and a self-referral in the same area stays separate.
    UNIQUE (urn, area_code, academic_year, source)
);

CREATE INDEX needs_open_by_year ON needs (academic_year, area_code) WHERE status = 'open';
