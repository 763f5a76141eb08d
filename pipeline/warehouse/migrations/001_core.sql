-- Core warehouse: loaded cases, their history, ingest runs, quarantine and data tests.
-- Grain is in each table's comment. Case ids never leave these tables.

CREATE SEQUENCE ingest_run_seq START 1;

-- One row per file the ingest was asked to load (loaded or refused).
CREATE TABLE ingest_runs (
  run_id            BIGINT PRIMARY KEY,
  file_path         VARCHAR NOT NULL,
  file_name         VARCHAR NOT NULL,
  file_sha256       VARCHAR NOT NULL,
  file_bytes        BIGINT NOT NULL,
  format            VARCHAR NOT NULL,
  mapping_sha256    VARCHAR,
  status            VARCHAR NOT NULL CHECK (status IN ('loaded', 'refused')),
  rows_read         BIGINT,
  rows_loaded       BIGINT,
  rows_updated      BIGINT,
  rows_quarantined  BIGINT,
  message           VARCHAR,
  as_of             DATE NOT NULL,
  started_at        TIMESTAMP NOT NULL,
  finished_at       TIMESTAMP NOT NULL,
  duration_ms       BIGINT NOT NULL,
  tool_version      VARCHAR NOT NULL
);

-- One row per (input line, failed check). A line with three problems has three rows.
CREATE TABLE quarantine (
  run_id       BIGINT NOT NULL,
  file_name    VARCHAR NOT NULL,
  line         BIGINT NOT NULL,
  column_name  VARCHAR,
  rule         VARCHAR NOT NULL,
  message      VARCHAR NOT NULL
);

-- One row per case (org_id, case_id): its latest loaded version.
CREATE TABLE cases (
  org_id              VARCHAR NOT NULL,
  case_id             VARCHAR NOT NULL,
  program             VARCHAR NOT NULL,
  service_area        VARCHAR NOT NULL,
  intake_decision     VARCHAR NOT NULL,
  opened_on           DATE NOT NULL,
  opened_precision    VARCHAR NOT NULL,
  closed_on           DATE,
  closed_precision    VARCHAR,
  days_to_close       INTEGER,
  outcome             VARCHAR,
  service_level       VARCHAR,
  escalation          VARCHAR,
  barriers            VARCHAR[],
  race_ethnicity      VARCHAR[],
  gender              VARCHAR[],
  age_band            VARCHAR,
  disability          VARCHAR,
  language            VARCHAR,
  interpreter_needed  VARCHAR,
  income_band         VARCHAR,
  county_fips         VARCHAR,
  veteran             VARCHAR,
  benefit_usd         DOUBLE,
  ingest_run_id       BIGINT NOT NULL,
  source_line         BIGINT NOT NULL
);

-- One row per superseded case version: what a later export replaced, and when.
CREATE TABLE case_history AS SELECT *, NULL::BIGINT AS superseded_by_run FROM cases LIMIT 0;

-- One row per data test per check.
CREATE TABLE data_test_results (
  checked_at   TIMESTAMP NOT NULL,
  test_name    VARCHAR NOT NULL,
  table_name   VARCHAR NOT NULL,
  status       VARCHAR NOT NULL CHECK (status IN ('pass', 'fail')),
  failures     BIGINT NOT NULL,
  detail       VARCHAR
);
