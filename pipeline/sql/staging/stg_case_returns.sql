-- One row per case with returns to homelessness recorded (HMIS exports only; none
-- for other data): the flags the returns measures use. Only renames and derives.
-- A window's flag is NULL while it has not elapsed (unknown, not "no return").
with source as (
    select * from main.case_returns
),

final as (
    select
        org_id,
        case_id,
        exited_to_permanent,
        measure2_exit,
        exit_quarter,
        observed_through,
        returned_6m,
        returned_12m,
        returned_24m
    from source
)

select * from final
