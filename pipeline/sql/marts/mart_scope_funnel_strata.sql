-- One row per (scope, dimension, group, service area, organisation): the funnel
-- counts of mart_funnel_strata within each scope other than `all`, plus the
-- scope's overall row (dimension 'all'). Scopes overlap (a case is in its service
-- area's, organisation's and program's scope), so rows are not additive across
-- scopes; within one scope they are. Within a scope only the demographic
-- breakdowns are counted: where a case was served (service area, organisation,
-- program, county) and when (quarter) are the all-cases page's breakdowns, and
-- repeated in every scope they would multiply the small cells to protect.
-- Summed from int_funnel_grain, whose grain holds every column a scope filters.
with scopes as (
    select * from intermediate.int_scopes where scope_id <> 'all'
),

grain as (
    select * from intermediate.int_funnel_grain
    where dimension not in ('service_area', 'organisation', 'program', 'county', 'quarter')
),

scoped as (
    select s.scope_id, s.scope_kind, g.*
    from grain g
    join scopes s
        on  (s.service_areas is null or list_contains(s.service_areas, g.service_area))
        and (s.organisations is null or list_contains(s.organisations, g.org_id))
        and (s.programs is null or list_contains(s.programs, g.program))
        and (s.counties is null or list_contains(s.counties, g.county))
),

final as (
    select
        scope_id,
        scope_kind,
        dimension,
        group_code,
        service_area,
        org_id,
        {{ funnel_sums }}
    from scoped
    group by all
)

select * from final
