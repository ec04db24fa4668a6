-- The taxonomy of areas for improvement (DESIGN.md, "Areas for improvement"): what a school can
-- need help with and a supporter can evidence. Data, not code: later migrations or an
-- administrator add areas; codes are stable keys used by needs, specialisms and strengths.
CREATE TABLE areas (
    code text PRIMARY KEY CHECK (code ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    title text NOT NULL CHECK (title <> ''),
    -- Statutory age band the area applies to (inclusive); NULL bounds mean "any age".
    applies_from_age integer CHECK (applies_from_age BETWEEN 2 AND 19),
    applies_to_age integer CHECK (applies_to_age BETWEEN 2 AND 19),
    key_stage text,
    -- Performance-table measure codes that evidence the area (e.g. PTREAD_EXP).
    measures text[] NOT NULL DEFAULT '{}',
    -- Inspection headings (legacy sub-judgements or report-card evaluation areas) that evidence it.
    inspection_headings text[] NOT NULL DEFAULT '{}',
    CHECK (applies_from_age IS NULL OR applies_to_age IS NULL OR applies_from_age <= applies_to_age)
);

INSERT INTO areas (code, title, applies_from_age, applies_to_age, key_stage, measures, inspection_headings) VALUES
    ('ks2-reading', 'Key stage 2 reading', 7, 11, 'KS2',
        '{PTREAD_EXP,READPROG,PTRWM_EXP}', '{Quality of education,Curriculum and teaching}'),
    ('ks2-writing', 'Key stage 2 writing', 7, 11, 'KS2',
        '{PTWRITTA_EXP,WRITPROG,PTRWM_EXP}', '{Quality of education,Curriculum and teaching}'),
    ('ks2-maths', 'Key stage 2 mathematics', 7, 11, 'KS2',
        '{PTMAT_EXP,MATPROG,PTRWM_EXP}', '{Quality of education,Curriculum and teaching}'),
    ('phonics', 'Phonics and early reading', 5, 7, 'KS1',
        '{}', '{Quality of education,Curriculum and teaching}'),
    ('early-years', 'Early years foundation stage', 2, 5, 'EYFS',
        '{}', '{Early years provision,Early years}'),
    ('ks4-english', 'Key stage 4 English', 14, 16, 'KS4',
        '{ATT8SCR,P8MEA}', '{Quality of education,Curriculum and teaching}'),
    ('ks4-maths', 'Key stage 4 mathematics', 14, 16, 'KS4',
        '{ATT8SCR,P8MEA}', '{Quality of education,Curriculum and teaching}'),
    ('ks4-science', 'Key stage 4 science', 14, 16, 'KS4',
        '{ATT8SCR,P8MEA}', '{Quality of education,Curriculum and teaching}'),
    ('post-16', 'Sixth form and post-16 provision', 16, 19, 'KS5',
        '{}', '{Sixth form provision,Post-16 provision}'),
    ('disadvantaged', 'Outcomes of disadvantaged pupils', NULL, NULL, NULL,
        '{PTRWM_EXP_FSM6CLA1A,PTRWM_EXP_NotFSM6CLA1A}', '{Achievement,Inclusion}'),
    ('send-inclusion', 'Special educational needs and inclusion', NULL, NULL, NULL,
        '{}', '{Inclusion}'),
    ('attendance-behaviour', 'Attendance and behaviour', NULL, NULL, NULL,
        '{}', '{Behaviour and attitudes,Attendance and behaviour}'),
    ('curriculum-teaching', 'Curriculum and teaching', NULL, NULL, NULL,
        '{}', '{Quality of education,Curriculum and teaching}'),
    ('assessment', 'Accuracy of teacher assessment and tracking', NULL, NULL, NULL,
        '{}', '{Quality of education,Curriculum and teaching}'),
    ('leadership', 'Leadership and management', NULL, NULL, NULL,
        '{}', '{Leadership and management,Leadership and governance}'),
    ('governance', 'Governance', NULL, NULL, NULL,
        '{}', '{Leadership and management,Leadership and governance}'),
    ('personal-development', 'Personal development and well-being', NULL, NULL, NULL,
        '{}', '{Personal development,Personal development and well-being}'),
    ('safeguarding', 'Safeguarding', NULL, NULL, NULL,
        '{}', '{Safeguarding}');
