-- Supporters, partnerships and match runs (DESIGN.md, "Matching"): the register of who can help,
-- the engagements that use their capacity, and every run of the matcher with its proposals.

CREATE TYPE supporter_kind AS ENUM ('school', 'teaching_school_hub', 'system_leader');

-- proposed: nominated, not yet agreed; confirmed: offered to the matcher; inactive: no longer offering.
CREATE TYPE supporter_status AS ENUM ('proposed', 'confirmed', 'inactive');

CREATE TABLE supporters (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The register's own key (the supporters import upserts by it); NULL for supporters added
    -- by hand, which never collide.
    reference text UNIQUE CHECK (reference <> ''),
    name text NOT NULL CHECK (name <> ''),
    kind supporter_kind NOT NULL,
    -- The school a supporter is based at: required for a school, optional for a system leader
    -- or hub. Its coordinates, context and trust are the supporter's unless given below.
    home_urn integer REFERENCES schools (urn),
    -- National/local leaders of education, specialist leaders of education, national leaders of governance.
    designations text[] NOT NULL DEFAULT '{}' CHECK (designations <@ ARRAY['NLE', 'LLE', 'SLE', 'NLG']),
    phases text[] NOT NULL CHECK (cardinality(phases) > 0 AND phases <@ ARRAY['primary', 'secondary', 'all_through']),
    -- Concurrent engagements (one engagement serves one need).
    capacity integer NOT NULL CHECK (capacity >= 0),
    available_from date,
    available_to date,
    status supporter_status NOT NULL DEFAULT 'proposed',
    -- The supporter's own location (WGS84), for one without a home school or working elsewhere.
    latitude double precision CHECK (latitude BETWEEN -90 AND 90),
    longitude double precision CHECK (longitude BETWEEN -180 AND 180),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (kind <> 'school' OR home_urn IS NOT NULL),
    CHECK ((latitude IS NULL) = (longitude IS NULL)),
    CHECK (available_from IS NULL OR available_to IS NULL OR available_from <= available_to)
);
CREATE INDEX supporters_home_urn ON supporters (home_urn);

CREATE TABLE supporter_specialisms (
    supporter_id bigint NOT NULL REFERENCES supporters (id) ON DELETE CASCADE,
    area_code text NOT NULL REFERENCES areas (code),
    -- Strength of the evidence, 0 (none) to 1 (outstanding, recent, verified).
    strength double precision NOT NULL CHECK (strength BETWEEN 0 AND 1),
    evidence text NOT NULL DEFAULT '',
    PRIMARY KEY (supporter_id, area_code)
);

-- A declared conflict of interest: the matcher never pairs this supporter with this school.
CREATE TABLE supporter_conflicts (
    supporter_id bigint NOT NULL REFERENCES supporters (id) ON DELETE CASCADE,
    urn integer NOT NULL REFERENCES schools (urn),
    reason text NOT NULL DEFAULT '',
    PRIMARY KEY (supporter_id, urn)
);

-- The brokerage workflow (offer → accept → active → complete) moves partnerships through
-- these states; accepted and active ones use their supporter's capacity.
CREATE TYPE partnership_status AS ENUM
    ('proposed', 'offered', 'accepted', 'active', 'completed', 'declined', 'withdrawn', 'cancelled');

CREATE TABLE partnerships (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    supporter_id bigint NOT NULL REFERENCES supporters (id),
    status partnership_status NOT NULL DEFAULT 'proposed',
    academic_year integer NOT NULL CHECK (academic_year BETWEEN 2000 AND 2100),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX partnerships_engaged ON partnerships (supporter_id) WHERE status IN ('accepted', 'active');

-- The needs a partnership serves: one engagement per need, so a supporter's used capacity is the
-- number of needs in its accepted and active partnerships.
CREATE TABLE partnership_needs (
    partnership_id bigint NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    need_id bigint NOT NULL REFERENCES needs (id),
    PRIMARY KEY (partnership_id, need_id)
);
CREATE INDEX partnership_needs_need ON partnership_needs (need_id);

-- Stable mode's preferences. A head teacher ranks supporters for a need (1 = first choice); a
-- supporter may rank needs. Unranked candidates follow the ranked ones, by match quality
-- (see Broker/Matching/StablePreferenceBuilder.swift).
CREATE TABLE need_preferences (
    need_id bigint NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    rank integer NOT NULL CHECK (rank >= 1),
    supporter_id bigint NOT NULL REFERENCES supporters (id) ON DELETE CASCADE,
    PRIMARY KEY (need_id, rank),
    UNIQUE (need_id, supporter_id)
);

CREATE TABLE supporter_priorities (
    supporter_id bigint NOT NULL REFERENCES supporters (id) ON DELETE CASCADE,
    rank integer NOT NULL CHECK (rank >= 1),
    need_id bigint NOT NULL REFERENCES needs (id) ON DELETE CASCADE,
    PRIMARY KEY (supporter_id, rank),
    UNIQUE (supporter_id, need_id)
);

CREATE TYPE match_mode AS ENUM ('optimal', 'stable');

-- One run of the matcher over a year's open needs and available supporters.
CREATE TABLE match_runs (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    academic_year integer NOT NULL CHECK (academic_year BETWEEN 2000 AND 2100),
    mode match_mode NOT NULL,
    -- Weights and limits: max_distance_km, decay_km, context_floor, weight_scale, top_k, exclude_same_trust.
    parameters jsonb NOT NULL,
    -- SHA-256 (hex) of the inputs as loaded: same fingerprint and parameters, same result.
    inputs_fingerprint text NOT NULL CHECK (inputs_fingerprint ~ '^[0-9a-f]{64}$'),
    -- Sum of the integer weights of the chosen edges, and the same as quality (weight / scale).
    objective bigint NOT NULL CHECK (objective >= 0),
    total_quality double precision NOT NULL,
    needs integer NOT NULL CHECK (needs >= 0),
    matched integer NOT NULL CHECK (matched BETWEEN 0 AND needs),
    supporters integer NOT NULL CHECK (supporters >= 0),
    candidate_edges integer NOT NULL CHECK (candidate_edges >= 0),
    -- Pairs ruled out, by reason (own_school, same_trust, …), and other counts.
    counts jsonb NOT NULL DEFAULT '{}',
    -- Seconds spent loading, generating candidates, solving, explaining and storing.
    timings jsonb NOT NULL DEFAULT '{}',
    created_by text NOT NULL DEFAULT current_user,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX match_runs_year ON match_runs (academic_year, created_at DESC);

CREATE TYPE unmatched_reason AS ENUM (
    'school_not_located', 'no_specialist', 'no_specialist_within_distance', 'all_excluded',
    'candidates_full', 'not_matched_by_preferences');

-- The run's outcome for every need: the chosen supporter with its score breakdown and up to
-- three alternatives with why each lost, or why the need stays unmatched.
CREATE TABLE match_proposals (
    run_id bigint NOT NULL REFERENCES match_runs (id) ON DELETE CASCADE,
    need_id bigint NOT NULL REFERENCES needs (id),
    supporter_id bigint REFERENCES supporters (id),
    weight bigint CHECK (weight > 0),
    distance_km double precision,
    strength double precision,
    decay double precision,
    similarity double precision,
    context double precision,
    quality double precision,
    -- [{supporter_id, weight, quality, distance_km, reason, factor?, constraint?, taken_by_need_ids?}]
    alternatives jsonb NOT NULL DEFAULT '[]',
    unmatched_reason unmatched_reason,
    -- For unmatched needs: {exclusions: {reason: count}}, {max_distance_km}, or
    -- {candidates: count, candidate_supporter_ids: [the best three, all full]}.
    unmatched_detail jsonb,
    PRIMARY KEY (run_id, need_id),
    CHECK ((supporter_id IS NULL) = (unmatched_reason IS NOT NULL)),
    CHECK ((supporter_id IS NULL) = (weight IS NULL))
);
CREATE INDEX match_proposals_supporter ON match_proposals (supporter_id, run_id);

-- Optimal runs only: what one more engagement at each supporter would add to total quality
-- (integer weight units), overall and per specialism area: where to grow capacity.
CREATE TABLE match_capacity_prices (
    run_id bigint NOT NULL REFERENCES match_runs (id) ON DELETE CASCADE,
    supporter_id bigint NOT NULL REFERENCES supporters (id),
    dual bigint NOT NULL CHECK (dual >= 0),
    marginal_gain bigint NOT NULL CHECK (marginal_gain >= 0),
    -- {area_code: gain}
    gain_by_area jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (run_id, supporter_id)
);
