-- One row per (dimension, group, service area, organisation, program, county,
-- quarter opened): the funnel counts at the finest grain the funnel marts share.
-- int_case_groups has ~13 rows per case; it is aggregated here once, and the
-- funnel strata, quarterly counts and scope funnels sum this small table instead
-- of each aggregating it again. ('all', 'all') counts every case once.
-- program is org_id/program and county the county breakdown's group code
-- (not_recorded when missing), as scopes filter them (a county filter names FIPS
-- codes, never not_recorded).
with groups as (
    select dimension, group_code, service_area, org_id, program, county_fips, opened_quarter,
        is_accepted, is_turned_away_capacity, is_closed_accepted, is_favourable
    from intermediate.int_case_groups
    union all
    select 'all', 'all', service_area, org_id, program, county_fips, opened_quarter,
        is_accepted, is_turned_away_capacity, is_closed_accepted, is_favourable
    from staging.stg_cases
),

counted as (
    select
        dimension,
        group_code,
        service_area,
        org_id,
        program,
        county_fips,
        opened_quarter,
        {{ funnel_counts }}
    from groups
    group by all
),

final as (
    select
        dimension,
        group_code,
        service_area,
        org_id,
        org_id || '/' || program                    as program,
        coalesce(county_fips, 'not_recorded')       as county,
        opened_quarter,
        requests,
        accepted,
        turned_away_capacity,
        closed_accepted,
        favourable
    from counted
)

select * from final
