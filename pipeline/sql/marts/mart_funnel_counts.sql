-- One row per (dimension, group): the service funnel in the Relative Rate Index
-- style. Each stage's denominator is the stage that feeds it:
--   requests -> accepted -> closed (of accepted) -> favourable (of closed accepted),
-- and turned away for capacity as its own path out of requests.
with groups as (
    select * from intermediate.int_case_groups
),

cases as (
    select org_id, case_id, is_accepted, is_turned_away_capacity, is_closed_accepted, is_favourable from staging.stg_cases
),

by_group as (
    select
        g.dimension,
        g.group_code,
        count(*)                                            as requests,
        count(*) filter (where c.is_accepted)               as accepted,
        count(*) filter (where c.is_turned_away_capacity)   as turned_away_capacity,
        count(*) filter (where c.is_closed_accepted)        as closed_accepted,
        count(*) filter (where c.is_favourable)             as favourable
    from groups g
    join cases c using (org_id, case_id)
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
