-- One explanation document per school (issue 4, performance). A national run wrote 61 MB of
-- explanations as ~90,000 values each under PostgreSQL's 2 kB compression threshold, so none
-- was compressed. Now each school's reasons, warnings and the findings of its areas for
-- improvement and strengths are one JSON document (AnalysisJSON writes it, StoredExplanation
-- reads it), large enough to be lz4-compressed; the results, areas and strengths rows keep only
-- their figures. A run writes a document only for a school whose explanation changed since the
-- run it supersedes: the other results point at the document an earlier run wrote.
CREATE TABLE analysis_explanations (
    -- The run that wrote it (results of later runs may point at it).
    run_id bigint NOT NULL,
    urn integer NOT NULL,
    -- {"reasons": [LevelReason], "warnings": [DataWarning], "areas": [[Finding]] and
    -- "strengths": [[Finding]] by position}, evidence items as arrays (see AnalysisJSON).
    document text COMPRESSION lz4 NOT NULL,
    PRIMARY KEY (run_id, urn)
);

-- Runs stored before: their rows' explanations, concatenated as stored (still valid JSON).
INSERT INTO analysis_explanations (run_id, urn, document)
SELECT r.run_id, r.urn,
       '{"reasons":' || r.reasons || ',"warnings":' || r.warnings || ',"areas":['
       || coalesce((SELECT string_agg(a.findings, ',' ORDER BY a.position) FROM analysis_areas a
                    WHERE a.run_id = r.run_id AND a.urn = r.urn), '')
       || '],"strengths":['
       || coalesce((SELECT string_agg(s.findings, ',' ORDER BY s.position) FROM analysis_strengths s
                    WHERE s.run_id = r.run_id AND s.urn = r.urn), '')
       || ']}'
FROM analysis_results r;

ALTER TABLE analysis_results
    -- The run whose document in analysis_explanations explains this result (this run, or an
    -- earlier one of the year when the explanation did not change).
    ADD COLUMN explained_by bigint,
    -- A 128-bit digest of the document (AnalysisDigest), to tell unchanged explanations without
    -- reading them; NULL for results stored before this migration (never taken as unchanged).
    ADD COLUMN digest bytea CHECK (octet_length(digest) = 16),
    DROP COLUMN reasons,
    DROP COLUMN warnings;
UPDATE analysis_results SET explained_by = run_id;
ALTER TABLE analysis_results ALTER COLUMN explained_by SET NOT NULL;
ALTER TABLE analysis_areas DROP COLUMN findings;
ALTER TABLE analysis_strengths DROP COLUMN findings;

-- The findings (jsonb array of Finding) of a school's area for improvement (`section` 'areas')
-- or strength ('strengths') at `entry` (its position) in a run, for SQL that reads their texts.
CREATE FUNCTION analysis_findings(run bigint, school integer, section text, entry integer) RETURNS jsonb
LANGUAGE sql STABLE PARALLEL SAFE
RETURN (
    SELECT e.document::jsonb -> section -> entry
    FROM analysis_results r JOIN analysis_explanations e ON e.run_id = r.explained_by AND e.urn = r.urn
    WHERE r.run_id = run AND r.urn = school);
