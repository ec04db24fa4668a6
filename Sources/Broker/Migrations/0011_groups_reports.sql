-- Head teacher groups, partner search and strategy reports (issue 7): groups of schools
-- (representative groups, district clusters, alliances) with their members; the indexes partner
-- search prefilters supporters by (area, then a bounding box of their location); a school's
-- effective level of a year by index look-ups (what `school_levels_in` computes for every school).

CREATE TYPE school_group_kind AS ENUM ('representative_group', 'district_cluster', 'alliance');

CREATE TABLE school_groups (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL CHECK (btrim(name) <> ''),
    kind school_group_kind NOT NULL,
    -- The LA whose advisers manage the group (its members may lie beyond it: an alliance).
    la_code integer NOT NULL CHECK (la_code BETWEEN 1 AND 999),
    -- Bumped by every change, the ETag that If-Match is checked against.
    version integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (la_code, name)
);

CREATE TABLE school_group_members (
    group_id bigint NOT NULL REFERENCES school_groups (id) ON DELETE CASCADE,
    urn integer NOT NULL REFERENCES schools (urn),
    since date NOT NULL DEFAULT current_date,
    PRIMARY KEY (group_id, urn)
);
CREATE INDEX school_group_members_urn ON school_group_members (urn);

-- A group user's record (0006 left it a plain integer until this table existed).
ALTER TABLE users ADD CONSTRAINT users_group_id_fkey FOREIGN KEY (group_id) REFERENCES school_groups (id);

-- Partner search: specialists in one area, then those whose location (their own, else their home
-- school's) falls in a box around the school.
CREATE INDEX supporter_specialisms_area ON supporter_specialisms (area_code, supporter_id) WHERE strength > 0;
CREATE INDEX supporters_location ON supporters USING gist (point(longitude, latitude)) WHERE latitude IS NOT NULL;
CREATE INDEX school_coordinates_location ON school_coordinates USING gist (point(longitude, latitude));

-- One school's effective level of a year (the latest decision, else the latest run's proposal),
-- as `school_levels_in(year)` gives it, without computing every school's.
CREATE FUNCTION effective_level_of(school integer, year integer) RETURNS support_level
LANGUAGE sql STABLE PARALLEL SAFE
RETURN coalesce(
    (SELECT d.level FROM level_decisions d WHERE d.urn = school AND d.academic_year = year ORDER BY d.id DESC LIMIT 1),
    (SELECT r.level FROM analysis_results r
     WHERE r.urn = school AND r.run_id = (SELECT max(id) FROM analysis_runs WHERE analysis_runs.academic_year = year)));

-- Reports: activities by year and due date, partnerships by year.
CREATE INDEX partnerships_year ON partnerships (academic_year, status);
