-- One row per (dimension, group, days): accepted cases that closed after that
-- many days, and accepted cases still open after that many days (censored at the
-- as-of day). Kaplan-Meier curves and median times are computed from it; open
-- cases are censored, never dropped.
with cases as (
    select dimension, group_code, coalesce(days_to_close, days_open_so_far) as days, is_closed as closed
    from intermediate.int_case_groups
    where is_accepted and coalesce(days_to_close, days_open_so_far) is not null
),

final as (
    select
        dimension,
        group_code,
        days,
        count(*) filter (where closed)       as closed_cases,
        count(*) filter (where not closed)   as open_cases
    from cases
    group by all
)

select * from final
