-- ingest_runs without its PRIMARY KEY index. A kill at commit once left a loaded
-- run's cases without its ingest_runs row (kill test, CI, 2026-11-22), and
-- DuckDB's WAL replay has known faults around index constraints (duckdb#15836).
-- The warehouse keeps no index at all; uniqueness of run_id and the accepted
-- statuses are data tests (pipeline/warehouse/datatests.ts) run after every load.
CREATE TABLE ingest_runs_v2 AS SELECT * FROM ingest_runs;
DROP TABLE ingest_runs;
ALTER TABLE ingest_runs_v2 RENAME TO ingest_runs;
