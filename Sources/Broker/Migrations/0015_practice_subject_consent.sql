-- A supporter's record from a partnership shows the supported school's figures as its evidence of
-- impact; that school's consent is recorded here, apart from the contributor's (consent_date).
ALTER TABLE practice_records ADD COLUMN subject_consent_date date;
