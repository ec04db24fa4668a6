-- The brokerage workflow (issue 6): a partnership moves proposed → offered → accepted → active →
-- completed, or ends declined / withdrawn / cancelled. Each move is recorded with who, when and
-- why; the agreement (objectives, days, review dates) and the impact note live on the partnership.

-- The supported school (all of a partnership's needs are its), the match run it came from, and
-- the agreement. `version` is bumped by every update: the ETag that If-Match is checked against.
ALTER TABLE partnerships
    ADD COLUMN urn integer REFERENCES schools (urn),
    ADD COLUMN match_run_id bigint REFERENCES match_runs (id) ON DELETE SET NULL,
    ADD COLUMN objectives text[] NOT NULL DEFAULT '{}',
    ADD COLUMN days_committed numeric(6, 1) CHECK (days_committed >= 0),
    ADD COLUMN review_dates date[] NOT NULL DEFAULT '{}',
    ADD COLUMN impact_note text,
    ADD COLUMN created_by bigint REFERENCES users (id),
    ADD COLUMN version integer NOT NULL DEFAULT 1;

UPDATE partnerships p SET urn = (
    SELECT min(n.urn) FROM partnership_needs pn JOIN needs n ON n.id = pn.need_id WHERE pn.partnership_id = p.id);

-- A completed partnership says what it achieved.
ALTER TABLE partnerships ADD CONSTRAINT partnerships_completed_impact
    CHECK (status <> 'completed' OR btrim(coalesce(impact_note, '')) <> '');

CREATE INDEX partnerships_urn ON partnerships (urn);
CREATE INDEX partnerships_status_id ON partnerships (status, id);

-- Every move of a partnership, its creation included (from_status NULL): who, when and why.
-- A move that ends a partnership must say why.
CREATE TABLE partnership_transitions (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partnership_id bigint NOT NULL REFERENCES partnerships (id) ON DELETE CASCADE,
    from_status partnership_status,
    to_status partnership_status NOT NULL,
    -- NULL for the system itself (an operator at the command line).
    actor_id bigint REFERENCES users (id),
    reason text NOT NULL DEFAULT '',
    at timestamptz NOT NULL DEFAULT now(),
    CHECK (to_status NOT IN ('declined', 'withdrawn', 'cancelled') OR btrim(reason) <> '')
);
CREATE INDEX partnership_transitions_partnership ON partnership_transitions (partnership_id, id);

-- Supporter records get the same optimistic-concurrency version as partnerships.
ALTER TABLE supporters ADD COLUMN version integer NOT NULL DEFAULT 1;
CREATE INDEX supporters_status_name ON supporters (status, name, id);
