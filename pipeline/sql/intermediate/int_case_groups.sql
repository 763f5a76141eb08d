-- One row per (case, dimension, group): every grouping a measure can break down by,
-- carrying the case's flags so that marts aggregate it without joining back to
-- the cases (the join cost more than everything else the marts do).
-- Multi-valued race/ethnicity appears three ways (SPD 15): alone or in combination
-- (a case counts in each group it names), alone (one group, or "multiracial"),
-- and not reported / not recorded as groups of their own. An empty field is
-- "not_recorded"; "not_reported" is the client's explicit answer. Neither is dropped.
-- Each branch reads staging.stg_cases itself: columnar scans are cheap, and a
-- shared CTE would be materialised.
with single_valued as (
    select org_id, case_id, service_area, program, county_fips, opened_quarter, is_accepted, is_turned_away_capacity, is_closed, is_closed_accepted, is_favourable, days_to_close, days_open_so_far, benefit_usd, barriers, 'age_band' as dimension, coalesce(age_band, 'not_recorded') as group_code from staging.stg_cases
    union all select org_id, case_id, service_area, program, county_fips, opened_quarter, is_accepted, is_turned_away_capacity, is_closed, is_closed_accepted, is_favourable, days_to_close, days_open_so_far, benefit_usd, barriers, 'disability', coalesce(disability, 'not_recorded') from staging.stg_cases
    union all select org_id, case_id, service_area, program, county_fips, opened_quarter, is_accepted, is_turned_away_capacity, is_closed, is_closed_accepted, is_favourable, days_to_close, days_open_so_far, benefit_usd, barriers, 'interpreter_needed', coalesce(interpreter_needed, 'not_recorded') from staging.stg_cases
    union all select org_id, case_id, service_area, program, county_fips, opened_quarter, is_accepted, is_turned_away_capacity, is_closed, is_closed_accepted, is_favourable, days_to_close, days_open_so_far, benefit_usd, barriers, 'income_band', coalesce(income_band, 'not_recorded') from staging.stg_cases
    union all select org_id, case_id, service_area, program, county_fips, opened_quarter, is_accepted, is_turned_away_capacity, is_closed, is_closed_accepted, is_favourable, days_to_close, days_open_so_far, benefit_usd, barriers, 'veteran', coalesce(veteran, 'not_recorded') from staging.stg_cases
    union all select org_id, case_id, service_area, program, county_fips, opened_quarter, is_accepted, is_turned_away_capacity, is_closed, is_closed_accepted, is_favourable, days_to_close, days_open_so_far, benefit_usd, barriers, 'service_area', service_area from staging.stg_cases
    union all select org_id, case_id, service_area, program, county_fips, opened_quarter, is_accepted, is_turned_away_capacity, is_closed, is_closed_accepted, is_favourable, days_to_close, days_open_so_far, benefit_usd, barriers, 'program', org_id || '/' || program from staging.stg_cases
    union all select org_id, case_id, service_area, program, county_fips, opened_quarter, is_accepted, is_turned_away_capacity, is_closed, is_closed_accepted, is_favourable, days_to_close, days_open_so_far, benefit_usd, barriers, 'organisation', org_id from staging.stg_cases
    union all select org_id, case_id, service_area, program, county_fips, opened_quarter, is_accepted, is_turned_away_capacity, is_closed, is_closed_accepted, is_favourable, days_to_close, days_open_so_far, benefit_usd, barriers, 'county', coalesce(county_fips, 'not_recorded') from staging.stg_cases
    union all select org_id, case_id, service_area, program, county_fips, opened_quarter, is_accepted, is_turned_away_capacity, is_closed, is_closed_accepted, is_favourable, days_to_close, days_open_so_far, benefit_usd, barriers, 'quarter', strftime(opened_quarter, '%Y-Q') || date_part('quarter', opened_quarter) from staging.stg_cases
),

race_alone_or_in_combination as (
    select org_id, case_id, service_area, program, county_fips, opened_quarter, is_accepted, is_turned_away_capacity, is_closed, is_closed_accepted, is_favourable, days_to_close, days_open_so_far, benefit_usd, barriers, 'race_ethnicity_aoic' as dimension, unnest(coalesce(race_ethnicity, ['not_recorded'])) as group_code from staging.stg_cases
),

race_alone as (
    select org_id, case_id, service_area, program, county_fips, opened_quarter, is_accepted, is_turned_away_capacity, is_closed, is_closed_accepted, is_favourable, days_to_close, days_open_so_far, benefit_usd, barriers, 'race_ethnicity_alone' as dimension,
        case
            when race_ethnicity is null then 'not_recorded'
            when len(race_ethnicity) = 1 then race_ethnicity[1]
            else 'multiracial'
        end as group_code
    from staging.stg_cases
),

gender_alone_or_in_combination as (
    select org_id, case_id, service_area, program, county_fips, opened_quarter, is_accepted, is_turned_away_capacity, is_closed, is_closed_accepted, is_favourable, days_to_close, days_open_so_far, benefit_usd, barriers, 'gender' as dimension, unnest(coalesce(gender, ['not_recorded'])) as group_code from staging.stg_cases
),

final as (
    select * from single_valued
    union all select * from race_alone_or_in_combination
    union all select * from race_alone
    union all select * from gender_alone_or_in_combination
)

select * from final
