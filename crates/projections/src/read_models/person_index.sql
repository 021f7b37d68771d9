-- Finding a person: a normalized name key, date of birth and sex. Only the search keys
-- are kept, never the name as entered; the person's record is the place to read it.
-- The name keys are NULL once the person's personal data is erased.
CREATE TABLE person_index (
    person_id uuid PRIMARY KEY,
    -- "family given middle", folded by name_search_key.
    search_key text,
    family_key text,
    given_key text,
    date_of_birth date,
    date_of_birth_estimated boolean,
    -- male | female, or NULL when not recorded (never "unknown").
    sex text,
    registered_on date NOT NULL,
    last_position bigint NOT NULL
);
CREATE INDEX person_index_name_idx ON person_index (family_key text_pattern_ops, given_key);
CREATE INDEX person_index_search_idx ON person_index (search_key text_pattern_ops);
CREATE INDEX person_index_birth_idx ON person_index (date_of_birth);
