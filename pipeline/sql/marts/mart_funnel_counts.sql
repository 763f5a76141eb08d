-- One row per (dimension, group): the service funnel in the Relative Rate Index
-- style. Each stage's denominator is the stage that feeds it:
--   requests -> accepted -> closed (of accepted) -> favourable (of closed accepted),
-- and turned away for capacity as its own path out of requests.
-- Sums of the strata mart, so the two can never disagree; ('all', 'all') is every case.
with strata as (
    select * from marts.mart_funnel_strata
),

cases as (
    select is_accepted, is_turned_away_capacity, is_closed_accepted, is_favourable from staging.stg_cases
),

by_group as (
    select
        dimension,
        group_code,
        {{ funnel_sums }}
    from strata
    group by all
),

overall as (
    select
        'all' as dimension,
        'all' as group_code,
        {{ funnel_counts }}
    from cases
),

final as (
    select * from overall
    union all
    select * from by_group
)

select * from final
