-- Leaner storage of a run's explanations (issue 4, performance): a national run writes tens of
-- megabytes of them, and parsing that into jsonb cost more than the rest of the write. They are
-- now compact JSON text (evidence as arrays, not objects; see AnalysisJSON), which only the
-- application reads (AnalysisRunStore decodes them), still lz4-compressed.
ALTER TABLE analysis_results
    ALTER COLUMN reasons TYPE text USING reasons::text,
    ALTER COLUMN warnings TYPE text USING warnings::text;
ALTER TABLE analysis_results ALTER COLUMN reasons SET COMPRESSION lz4, ALTER COLUMN warnings SET COMPRESSION lz4;
ALTER TABLE analysis_areas ALTER COLUMN findings TYPE text USING findings::text;
ALTER TABLE analysis_areas ALTER COLUMN findings SET COMPRESSION lz4;
ALTER TABLE analysis_strengths ALTER COLUMN findings TYPE text USING findings::text;
ALTER TABLE analysis_strengths ALTER COLUMN findings SET COMPRESSION lz4;
