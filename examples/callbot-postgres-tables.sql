-- Tables the Postgres examples read and write (tanyi-postgres-leads-import.json,
-- tanyi-postgres-call-results.json). Run once in your database, e.g.
--   psql "postgresql://user:password@host:5432/crm" -f examples/callbot-postgres-tables.sql
-- Rename tables or columns to your own and change the examples' query and column mapping to match.

-- one row per lead to call; the import example reads every row
CREATE TABLE IF NOT EXISTS callbot_leads (
	id bigserial PRIMARY KEY,
	phone text NOT NULL,
	name text,
	amount text
);

-- one row per call result, keyed by the dedupKey every call result of the triggers carries
-- (Tanyi: tanyi:call:<callRecordId>); the results example upserts on it, so a result delivered or
-- processed twice updates its row instead of adding one
CREATE TABLE IF NOT EXISTS callbot_call_results (
	dedup_key text PRIMARY KEY,
	vendor text NOT NULL,
	call_id text,
	job_id text,
	phone text,
	status text,
	intent_level text,
	duration_seconds integer,
	start_time timestamptz,
	recording_url text
);
