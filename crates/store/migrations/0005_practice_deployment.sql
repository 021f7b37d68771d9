-- A practice (training) deployment is flagged once, while its log is still empty, and
-- stays one: a production log can never be turned into a practice one and then purged.
CREATE TABLE es.practice_deployment (
    practice boolean PRIMARY KEY CHECK (practice),
    marked_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER practice_deployment_refuse_update_delete
    BEFORE UPDATE OR DELETE ON es.practice_deployment
    FOR EACH ROW EXECUTE FUNCTION es.refuse_change();
CREATE TRIGGER practice_deployment_refuse_truncate BEFORE TRUNCATE ON es.practice_deployment
    FOR EACH STATEMENT EXECUTE FUNCTION es.refuse_change();
GRANT SELECT ON es.practice_deployment TO kinlog_writer;
