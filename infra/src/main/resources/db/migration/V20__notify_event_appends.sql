-- Every transaction that appends events tells every listening node when it commits (PostgreSQL holds
-- a NOTIFY back until then, drops it on rollback, and sends identical ones of one transaction once):
-- the nodes' event processors wake on it instead of polling the table (see PushedEventSource).
-- Statement-level, so a COPY or a multi-row insert costs one call, not one per row.
CREATE FUNCTION pylearn_notify_events_appended() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    PERFORM pg_notify('pylearn_events', '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER domain_event_entry_appended
    AFTER INSERT ON domain_event_entry
    FOR EACH STATEMENT EXECUTE FUNCTION pylearn_notify_events_appended();
