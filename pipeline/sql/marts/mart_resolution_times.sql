-- One row per (dimension, group, days): accepted cases that closed after that
-- many days, and accepted cases still open after that many days (censored at the
-- as-of day). Kaplan-Meier curves and median times are computed from it; open
-- cases are censored, never dropped.
with groups as (
    select * from intermediate.int_case_groups
),

cases as (
    select org_id, case_id,
        coalesce(days_to_close, days_open_so_far) as days,
        is_closed as closed
    from staging.stg_cases
    where is_accepted and coalesce(days_to_close, days_open_so_far) is not null
),

final as (
    select
        g.dimension,
        g.group_code,
        c.days,
        count(*) filter (where c.closed)       as closed_cases,
        count(*) filter (where not c.closed)   as open_cases
    from groups g
    join cases c using (org_id, case_id)
    group by all
)

select * from final
