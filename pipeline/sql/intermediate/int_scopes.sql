-- One row per scope: a set of cases a page or report is about. `all` is every
-- case; the site has one scope per service area, organisation and program found
-- in the data; each report adds the scope its filters select (a NULL list does
-- not filter). Ids are canonical (pipeline/measures/scopes.ts), so a report that
-- filters one organisation shares that organisation's scope.
with cases as (
    select distinct service_area, org_id, org_id || '/' || program as program from staging.stg_cases
),

site as (
    select 'all' as scope_id, 'all' as scope_kind,
        NULL::VARCHAR[] as service_areas, NULL::VARCHAR[] as organisations, NULL::VARCHAR[] as programs, NULL::VARCHAR[] as counties
    union all select distinct 'service_area=' || service_area, 'service_area', [service_area], NULL, NULL, NULL from cases
    union all select distinct 'organisation=' || org_id, 'organisation', NULL, [org_id], NULL, NULL from cases
    union all select distinct 'program=' || program, 'program', NULL, NULL, [program], NULL from cases
),

reports as (
    {{ report_scopes }}
),

final as (
    select * from site
    union all
    select scope_id, 'report', service_areas, organisations, programs, counties
    from reports
    where scope_id not in (select scope_id from site)
)

select * from final
