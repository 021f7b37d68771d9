-- The relationships in force, as recorded on each person's record ("other is my kind"),
-- indexed both ways: the conflict-of-interest rule needs everyone whose record names a
-- staff member as a relative, not only those the staff member's own record names.
CREATE TABLE person_relationship (
    person_id uuid NOT NULL,
    other uuid NOT NULL,
    -- The serde name of the relationship kind (`birth_parent`, `aunt_or_uncle`, ...).
    kind text NOT NULL,
    recorded_position bigint NOT NULL,
    PRIMARY KEY (person_id, other)
);
CREATE INDEX person_relationship_other_idx ON person_relationship (other);
