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

-- The needs' references to schools and areas, checked once per statement instead of per row. A
-- run creates tens of thousands of needs, and the foreign keys' per-row checks cost more (over
-- a second, measured) than the inserts. The triggers below keep what the foreign keys gave:
-- a need names an existing school and area (the referenced rows are locked FOR KEY SHARE, as a
-- foreign key locks them, so neither can be deleted or re-keyed before the need commits), and a
-- school or area that needs name can be neither deleted nor re-keyed. Errors are the foreign
-- keys' own (SQLSTATE 23503, same constraint names).
ALTER TABLE needs DROP CONSTRAINT needs_urn_fkey, DROP CONSTRAINT needs_area_code_fkey;

CREATE FUNCTION needs_check_references() RETURNS trigger
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    missing record;
BEGIN
    PERFORM FROM schools WHERE urn IN (SELECT DISTINCT urn FROM written_needs) FOR KEY SHARE;
    PERFORM FROM areas WHERE code IN (SELECT DISTINCT area_code FROM written_needs) FOR KEY SHARE;
    SELECT n.urn INTO missing FROM written_needs n WHERE NOT EXISTS (SELECT FROM schools s WHERE s.urn = n.urn) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'insert or update on table "needs" violates foreign key constraint "needs_urn_fkey"'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'needs_urn_fkey', TABLE = 'needs',
                  DETAIL = format('Key (urn)=(%s) is not present in table "schools".', missing.urn);
    END IF;
    SELECT n.area_code INTO missing FROM written_needs n
    WHERE NOT EXISTS (SELECT FROM areas a WHERE a.code = n.area_code) LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION 'insert or update on table "needs" violates foreign key constraint "needs_area_code_fkey"'
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = 'needs_area_code_fkey', TABLE = 'needs',
                  DETAIL = format('Key (area_code)=(%s) is not present in table "areas".', missing.area_code);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER needs_references_inserted AFTER INSERT ON needs
REFERENCING NEW TABLE AS written_needs FOR EACH STATEMENT EXECUTE FUNCTION needs_check_references();
CREATE TRIGGER needs_references_updated AFTER UPDATE ON needs
REFERENCING NEW TABLE AS written_needs FOR EACH STATEMENT EXECUTE FUNCTION needs_check_references();

-- A school or area that needs still name cannot go, nor change its key (row triggers: only
-- deletes and key changes, which are rare, pay for them). Arguments: the needs column, the
-- referenced column and its type.
CREATE FUNCTION needs_check_referenced() RETURNS trigger
LANGUAGE plpgsql VOLATILE
AS $$
DECLARE
    key text := to_jsonb(OLD) ->> TG_ARGV[1];
    referenced boolean;
BEGIN
    EXECUTE format('SELECT EXISTS (SELECT FROM needs WHERE %I = CAST($1 AS %s))', TG_ARGV[0], TG_ARGV[2])
        INTO referenced USING key;
    IF referenced THEN
        RAISE EXCEPTION 'update or delete on table "%" violates foreign key constraint "needs_%_fkey" on table "needs"',
                TG_TABLE_NAME, TG_ARGV[0]
            USING ERRCODE = 'foreign_key_violation', CONSTRAINT = format('needs_%s_fkey', TG_ARGV[0]),
                  TABLE = TG_TABLE_NAME,
                  DETAIL = format('Key (%s)=(%s) is still referenced from table "needs".', TG_ARGV[1], key);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER needs_referenced_school_deleted AFTER DELETE ON schools
FOR EACH ROW EXECUTE FUNCTION needs_check_referenced('urn', 'urn', 'integer');
CREATE TRIGGER needs_referenced_school_rekeyed AFTER UPDATE OF urn ON schools
FOR EACH ROW WHEN (OLD.urn IS DISTINCT FROM NEW.urn) EXECUTE FUNCTION needs_check_referenced('urn', 'urn', 'integer');
CREATE TRIGGER needs_referenced_area_deleted AFTER DELETE ON areas
FOR EACH ROW EXECUTE FUNCTION needs_check_referenced('area_code', 'code', 'text');
CREATE TRIGGER needs_referenced_area_rekeyed AFTER UPDATE OF code ON areas
FOR EACH ROW WHEN (OLD.code IS DISTINCT FROM NEW.code) EXECUTE FUNCTION needs_check_referenced('area_code', 'code', 'text');
