-- One row per (dimension, group, service area, organisation): the funnel counts
-- within each stratum, from which disparities adjusted for service area and
-- organisation are computed (Mantel-Haenszel). Never published as such.
with groups as (
    select * from intermediate.int_case_groups
),

cases as (
    select org_id, case_id, service_area, is_accepted, is_turned_away_capacity, is_closed_accepted, is_favourable from staging.stg_cases
),

final as (
    select
        g.dimension,
        g.group_code,
        c.service_area,
        c.org_id,
        count(*)                                            as requests,
        count(*) filter (where c.is_accepted)               as accepted,
        count(*) filter (where c.is_turned_away_capacity)   as turned_away_capacity,
        count(*) filter (where c.is_closed_accepted)        as closed_accepted,
        count(*) filter (where c.is_favourable)             as favourable
    from groups g
    join cases c using (org_id, case_id)
    group by all
)

select * from final
