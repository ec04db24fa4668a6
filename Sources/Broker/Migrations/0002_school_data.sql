-- School data loaded by the importers (issue 3): GIAS establishments, trusts and links,
-- coordinates, the measure catalogue, performance tables and census in tidy form, LA and
-- England comparators, and Ofsted inspections. Keys are the published ones (URN, LA code).

CREATE TABLE trusts (
    -- GIAS `Trusts (code)`: the group UID.
    reference text PRIMARY KEY CHECK (reference <> ''),
    name text
);

CREATE TABLE schools (
    urn integer PRIMARY KEY CHECK (urn BETWEEN 100000 AND 999999),
    ukprn integer CHECK (ukprn BETWEEN 10000000 AND 99999999),
    laestab integer CHECK (laestab BETWEEN 0 AND 9999999),
    -- 0 for establishments outside any LA (British schools overseas).
    la_code integer NOT NULL CHECK (la_code BETWEEN 0 AND 999),
    la_name text,
    name text NOT NULL CHECK (name <> ''),
    type_code text,
    type_name text,
    type_group text,
    phase text,
    status text,
    -- GIAS writes 99 as the upper age of 16-19 colleges.
    statutory_low_age integer CHECK (statutory_low_age BETWEEN 0 AND 99),
    statutory_high_age integer CHECK (statutory_high_age BETWEEN 0 AND 99),
    gender text,
    religious_character text,
    urban_rural_code text,
    urban_rural text,
    district_code text,
    district text,
    constituency_code text,
    constituency text,
    street text,
    locality text,
    address3 text,
    town text,
    county text,
    postcode text,
    head_teacher text,
    pupils integer CHECK (pupils >= 0),
    fsm_percent numeric CHECK (fsm_percent BETWEEN 0 AND 100),
    trust_reference text REFERENCES trusts (reference),
    open_date date,
    close_date date,
    CHECK (statutory_low_age IS NULL OR statutory_high_age IS NULL OR statutory_low_age <= statutory_high_age),
    CHECK (open_date IS NULL OR close_date IS NULL OR open_date <= close_date)
);
CREATE INDEX schools_la_code ON schools (la_code);
CREATE INDEX schools_trust_reference ON schools (trust_reference);
CREATE INDEX schools_postcode ON schools (upper(replace(postcode, ' ', '')));

-- GIAS links: history follows a school across URN changes. Either side may be a school the
-- database does not hold (closed before the extract), so no foreign keys.
CREATE TABLE school_links (
    urn integer NOT NULL,
    linked_urn integer NOT NULL,
    link_type text NOT NULL,
    direction text NOT NULL CHECK (direction IN ('predecessor', 'successor', 'other')),
    established date,
    PRIMARY KEY (urn, linked_urn, link_type),
    CHECK (urn <> linked_urn)
);
CREATE INDEX school_links_linked_urn ON school_links (linked_urn);

CREATE TABLE school_coordinates (
    urn integer PRIMARY KEY,
    latitude double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
    longitude double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
    -- `lat-lon` published WGS84; `national-grid` converted from OSGB36 Easting/Northing.
    source text NOT NULL CHECK (source IN ('lat-lon', 'national-grid'))
);

-- The measures of each data set (MeasureCatalog). A code is unique within its data set only
-- (`PTFSM6CLA1A` is in both KS2 and KS4 tables).
CREATE TABLE measures (
    dataset text NOT NULL CHECK (dataset IN ('ks2', 'ks4', 'census', 'absence')),
    code text NOT NULL CHECK (code ~ '^[A-Za-z0-9_]+$'),
    title text,
    key_stage text,
    unit text NOT NULL CHECK (unit IN ('percent', 'score', 'count')),
    higher_is_better boolean,
    PRIMARY KEY (dataset, code)
);

-- The codes the DfE publishes in place of a value (SuppressionCode).
CREATE DOMAIN suppression_code AS text
    CHECK (VALUE IN ('SUPP', 'NE', 'NA', 'NP', 'LOWCOV', 'NEW', 'DNS', 'x', 'c', 'z'));

-- A published value is a number or a suppression code, never both; suppressed is not zero.
-- (dataset, measure) names a row of `measures`: the importer registers its catalogue in the same
-- transaction, so no foreign key is checked row by row on bulk loads of ~250,000 figures a file.
CREATE TABLE school_measures (
    urn integer NOT NULL,
    academic_year integer NOT NULL CHECK (academic_year BETWEEN 1990 AND 2100),
    dataset text NOT NULL,
    measure text NOT NULL,
    value numeric,
    suppression suppression_code,
    lower numeric,
    upper numeric,
    cohort numeric CHECK (cohort >= 0),
    PRIMARY KEY (urn, academic_year, dataset, measure),
    CHECK ((value IS NULL) <> (suppression IS NULL))
);
CREATE INDEX school_measures_year_measure ON school_measures (academic_year, dataset, measure);

-- LA and England rows of the same tables. `record_group` tells apart England rows of one table
-- (the `NAT` group `PRI`/`SEC`, or the RECTYPE) and is '' for LA rows.
CREATE TABLE comparator_measures (
    level text NOT NULL CHECK (level IN ('local-authority', 'england')),
    la_code integer NOT NULL CHECK ((level = 'england') = (la_code = 0)),
    record_group text NOT NULL DEFAULT '',
    academic_year integer NOT NULL CHECK (academic_year BETWEEN 1990 AND 2100),
    dataset text NOT NULL,
    measure text NOT NULL,
    value numeric,
    suppression suppression_code,
    lower numeric,
    upper numeric,
    cohort numeric CHECK (cohort >= 0),
    PRIMARY KEY (level, la_code, record_group, academic_year, dataset, measure),
    CHECK ((value IS NULL) <> (suppression IS NULL))
);
CREATE INDEX comparator_measures_year_measure ON comparator_measures (academic_year, dataset, measure);

-- The latest inspection of each framework per school, from Ofsted MI: `legacy` (graded
-- under the old framework, overall effectiveness and key judgements) or `report-card` (from
-- November 2025, graded per evaluation area, each grade with its date, and safeguarding Met / Not met).
CREATE TABLE inspections (
    urn integer NOT NULL,
    framework text NOT NULL CHECK (framework IN ('legacy', 'report-card')),
    inspection_number text,
    inspection_type text,
    start_date date,
    publication_date date,
    category_of_concern text,
    overall_effectiveness text,
    quality_of_education text,
    behaviour_and_attitudes text,
    personal_development text,
    leadership_and_management text,
    early_years_provision text,
    sixth_form_provision text,
    safeguarding_effective boolean,
    inclusion text,
    curriculum_and_teaching text,
    achievement text,
    attendance_and_behaviour text,
    personal_development_and_wellbeing text,
    early_years text,
    post_16 text,
    leadership_and_governance text,
    inclusion_date date,
    curriculum_and_teaching_date date,
    achievement_date date,
    attendance_and_behaviour_date date,
    personal_development_and_wellbeing_date date,
    early_years_date date,
    post_16_date date,
    leadership_and_governance_date date,
    safeguarding_met boolean,
    safeguarding_date date,
    PRIMARY KEY (urn, framework),
    CHECK (framework = 'legacy' OR num_nulls(overall_effectiveness, quality_of_education, behaviour_and_attitudes,
        personal_development, leadership_and_management, early_years_provision, sixth_form_provision,
        safeguarding_effective) = 8),
    CHECK (framework = 'report-card' OR num_nulls(inclusion, curriculum_and_teaching, achievement,
        attendance_and_behaviour, personal_development_and_wellbeing, early_years, post_16,
        leadership_and_governance, safeguarding_met) = 9),
    CHECK (overall_effectiveness IN ('1', '2', '3', '4', 'not-judged', 'not-applicable')),
    CHECK (quality_of_education IN ('1', '2', '3', '4', 'not-judged', 'not-applicable')),
    CHECK (behaviour_and_attitudes IN ('1', '2', '3', '4', 'not-judged', 'not-applicable')),
    CHECK (personal_development IN ('1', '2', '3', '4', 'not-judged', 'not-applicable')),
    CHECK (leadership_and_management IN ('1', '2', '3', '4', 'not-judged', 'not-applicable')),
    CHECK (early_years_provision IN ('1', '2', '3', '4', 'not-judged', 'not-applicable')),
    CHECK (sixth_form_provision IN ('1', '2', '3', '4', 'not-judged', 'not-applicable')),
    CHECK (inclusion IN ('Exceptional', 'Strong standard', 'Expected standard', 'Needs attention', 'Urgent improvement')),
    CHECK (curriculum_and_teaching IN ('Exceptional', 'Strong standard', 'Expected standard', 'Needs attention', 'Urgent improvement')),
    CHECK (achievement IN ('Exceptional', 'Strong standard', 'Expected standard', 'Needs attention', 'Urgent improvement')),
    CHECK (attendance_and_behaviour IN ('Exceptional', 'Strong standard', 'Expected standard', 'Needs attention', 'Urgent improvement')),
    CHECK (personal_development_and_wellbeing IN ('Exceptional', 'Strong standard', 'Expected standard', 'Needs attention', 'Urgent improvement')),
    CHECK (early_years IN ('Exceptional', 'Strong standard', 'Expected standard', 'Needs attention', 'Urgent improvement')),
    CHECK (post_16 IN ('Exceptional', 'Strong standard', 'Expected standard', 'Needs attention', 'Urgent improvement')),
    CHECK (leadership_and_governance IN ('Exceptional', 'Strong standard', 'Expected standard', 'Needs attention', 'Urgent improvement'))
);
CREATE INDEX inspections_start_date ON inspections (start_date);
