-- One row per (dimension, group, quarter opened): the funnel counts of each quarter,
-- from which the quarterly rates and their change over time are computed;
-- ('all', 'all') is every case. A quarter the data covers only in part (the
-- first or last, when the exports start or stop inside it) is flagged through
-- days_observed < days_in_quarter, never passed off as a full quarter.
with grain as (
    select * from intermediate.int_funnel_grain where dimension <> 'quarter'
),

span as (
    select min(opened_on) as first_day, max(opened_on) as last_day from staging.stg_cases
),

counts as (
    select
        dimension,
        group_code,
        opened_quarter                                      as quarter_start,
        {{ funnel_sums }}
    from grain
    group by all
),

final as (
    select
        c.*,
        strftime(c.quarter_start, '%Y-Q') || date_part('quarter', c.quarter_start)         as quarter,
        date_diff('day', c.quarter_start, c.quarter_start + interval 3 month)::integer     as days_in_quarter,
        (date_diff('day', greatest(c.quarter_start, s.first_day),
            least((c.quarter_start + interval 3 month)::date - 1, s.last_day)) + 1)::integer as days_observed
    from counts c
    cross join span s
)

select * from final
