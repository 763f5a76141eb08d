-- Returns to homelessness, an attribute of the cases an HMIS export carries
-- (pipeline/importers/hmis/README.md, "Returns to homelessness").
-- One row per case (org_id, case_id), loaded in the same transaction as the case
-- version it belongs to (same ingest_run_id); replaced with that version.
-- Dates are no finer than cases already holds: the exit day is cases.closed_on,
-- so only its quarter is kept here, and the day of a return is never stored.
CREATE TABLE case_returns (
  org_id               VARCHAR NOT NULL,
  case_id              VARCHAR NOT NULL,
  -- Closed (on or before the export's end) with a permanent destination (list 3.12.1, 400s).
  exited_to_permanent  BOOLEAN NOT NULL,
  -- The exit is from a project Measure 2 follows: SO, ES, TH, SH or PH (its universe).
  measure2_exit        BOOLEAN NOT NULL,
  -- First day of the exit's quarter; NULL unless exited_to_permanent.
  exit_quarter         DATE,
  -- The last day on which a return could have been seen: the export's end, or the as-of day if earlier.
  observed_through     DATE NOT NULL,
  -- A new homeless enrollment within 180, 365, 730 days of the exit. NULL when not an
  -- exit to permanent housing, or when the window had not elapsed by observed_through
  -- and no return was seen in it: an open window is unknown, never "no return".
  returned_6m          BOOLEAN,
  returned_12m         BOOLEAN,
  returned_24m         BOOLEAN,
  ingest_run_id        BIGINT NOT NULL
);
