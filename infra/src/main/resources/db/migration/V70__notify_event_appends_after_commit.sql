-- The NOTIFY of every append is sent by the application after the appending transaction has committed
-- (EventAppendNotifier), no longer by V20's trigger inside it: PostgreSQL commits a transaction that
-- sent a NOTIFY under one database-wide lock held across its WAL flush, which serialized every command's
-- commit (32 clients appending single rows: 5,772/s without the trigger, 918/s with it). The table, its
-- keys and its indexes are unchanged.
DROP TRIGGER domain_event_entry_appended ON domain_event_entry;
DROP FUNCTION pylearn_notify_events_appended();
