-- The effective level of each need's school when the run was made, so a stored run's counts by
-- level stay what they were after advisers change levels. Runs stored before this migration get
-- the levels as they are now, the best there is for them.
ALTER TABLE match_proposals ADD COLUMN school_level support_level;

UPDATE match_proposals AS proposal SET school_level = level.effective_level
FROM match_runs AS run, needs AS need, LATERAL school_levels_in(run.academic_year) AS level
WHERE run.id = proposal.run_id AND need.id = proposal.need_id AND level.urn = need.urn;
