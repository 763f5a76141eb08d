-- One row per (scope, dimension, group, service area, organisation): the funnel
-- counts of mart_funnel_strata within each scope other than `all`, plus the
-- scope's overall row (dimension 'all'). Scopes overlap (a case is in its service
-- area's, organisation's and program's scope), so rows are not additive across
-- scopes; within one scope they are. Within a scope only the demographic
-- breakdowns are counted: where a case was served (service area, organisation,
-- program, county) and when (quarter) are the all-cases page's breakdowns, and
-- repeated in every scope they would multiply the small cells to protect.
with scopes as (
    select * from intermediate.int_scopes where scope_id <> 'all'
),

cases as (
    select org_id, case_id, service_area, org_id || '/' || program as program, county_fips,
        is_accepted, is_turned_away_capacity, is_closed_accepted, is_favourable
    from staging.stg_cases
),

scoped as (
    select s.scope_id, s.scope_kind, c.*
    from cases c
    join scopes s
        on  (s.service_areas is null or list_contains(s.service_areas, c.service_area))
        and (s.organisations is null or list_contains(s.organisations, c.org_id))
        and (s.programs is null or list_contains(s.programs, c.program))
        and (s.counties is null or list_contains(s.counties, c.county_fips))
),

scoped_groups as (
    select sc.*, g.dimension, g.group_code
    from scoped sc
    join intermediate.int_case_groups g using (org_id, case_id)
    where g.dimension not in ('service_area', 'organisation', 'program', 'county', 'quarter')
),

by_group as (
    select
        scope_id,
        scope_kind,
        dimension,
        group_code,
        service_area,
        org_id,
        {{ funnel_counts }}
    from scoped_groups
    group by all
),

overall as (
    select
        scope_id,
        scope_kind,
        'all' as dimension,
        'all' as group_code,
        service_area,
        org_id,
        {{ funnel_counts }}
    from scoped
    group by all
),

final as (
    select * from overall
    union all
    select * from by_group
)

select * from final
