-- Run history of the scheduled job (pipeline/ops): one row per `pipeline run`
-- and one per step, with timings, counts and outcome. Counts, hashes and
-- messages only: no case data. No index (see 002): run_id is unique by
-- construction (a timestamp and a random suffix, written under the run lock).
CREATE TABLE ops_runs (
  run_id            VARCHAR NOT NULL,   -- also the name of the site release it publishes
  trigger           VARCHAR NOT NULL,   -- manual | schedule
  host              VARCHAR NOT NULL,
  pid               INTEGER NOT NULL,
  started_at        TIMESTAMP NOT NULL,
  finished_at       TIMESTAMP,
  duration_ms       BIGINT,
  -- running (or a crash: marked interrupted by the next run), succeeded, nothing_new, failed
  outcome           VARCHAR NOT NULL,
  failed_step       VARCHAR,
  message           VARCHAR,
  files_seen        INTEGER NOT NULL DEFAULT 0,
  files_loaded      INTEGER NOT NULL DEFAULT 0,
  files_already_loaded INTEGER NOT NULL DEFAULT 0,
  files_rejected    INTEGER NOT NULL DEFAULT 0,
  rows_loaded       BIGINT NOT NULL DEFAULT 0,
  rows_updated      BIGINT NOT NULL DEFAULT 0,
  rows_quarantined  BIGINT NOT NULL DEFAULT 0,
  release           VARCHAR             -- the site release this run published, if any
);

-- One row per step of a run. A step is skipped when its input hash equals the
-- one of its last successful execution and its outputs are as that left them.
CREATE TABLE ops_run_steps (
  run_id       VARCHAR NOT NULL,
  position     INTEGER NOT NULL,
  step         VARCHAR NOT NULL,
  status       VARCHAR NOT NULL,         -- ran | skipped | failed
  reason       VARCHAR,                  -- why skipped, or what it did
  input_hash   VARCHAR,
  output_hash  VARCHAR,
  started_at   TIMESTAMP NOT NULL,
  duration_ms  BIGINT NOT NULL
);
