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
        sum(requests)::bigint               as requests,
        sum(accepted)::bigint               as accepted,
        sum(turned_away_capacity)::bigint   as turned_away_capacity,
        sum(closed_accepted)::bigint        as closed_accepted,
        sum(favourable)::bigint             as favourable
    from strata
    group by all
),

overall as (
    select
        'all' as dimension,
        'all' as group_code,
        count(*)                                            as requests,
        count(*) filter (where is_accepted)                 as accepted,
        count(*) filter (where is_turned_away_capacity)     as turned_away_capacity,
        count(*) filter (where is_closed_accepted)          as closed_accepted,
        count(*) filter (where is_favourable)               as favourable
    from cases
),

final as (
    select * from overall
    union all
    select * from by_group
)

select * from final
