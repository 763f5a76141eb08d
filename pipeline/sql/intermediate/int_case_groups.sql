-- One row per (case, dimension, group): every grouping a measure can break down by.
-- Multi-valued race/ethnicity appears three ways (SPD 15): alone or in combination
-- (a case counts in each group it names), alone (one group, or "multiracial"),
-- and not reported / not recorded as groups of their own. An empty field is
-- "not_recorded"; "not_reported" is the client's explicit answer. Neither is dropped.
with cases as (
    select * from staging.stg_cases
),

single_valued as (
    select org_id, case_id, 'age_band' as dimension, coalesce(age_band, 'not_recorded') as group_code from cases
    union all select org_id, case_id, 'disability', coalesce(disability, 'not_recorded') from cases
    union all select org_id, case_id, 'interpreter_needed', coalesce(interpreter_needed, 'not_recorded') from cases
    union all select org_id, case_id, 'income_band', coalesce(income_band, 'not_recorded') from cases
    union all select org_id, case_id, 'veteran', coalesce(veteran, 'not_recorded') from cases
    union all select org_id, case_id, 'service_area', service_area from cases
    union all select org_id, case_id, 'program', org_id || '/' || program from cases
    union all select org_id, case_id, 'organisation', org_id from cases
    union all select org_id, case_id, 'county', coalesce(county_fips, 'not_recorded') from cases
    union all select org_id, case_id, 'quarter', strftime(opened_quarter, '%Y-Q') || date_part('quarter', opened_quarter) from cases
),

race_alone_or_in_combination as (
    select org_id, case_id, 'race_ethnicity_aoic' as dimension, unnest(coalesce(race_ethnicity, ['not_recorded'])) as group_code
    from cases
),

race_alone as (
    select org_id, case_id, 'race_ethnicity_alone' as dimension,
        case
            when race_ethnicity is null then 'not_recorded'
            when len(race_ethnicity) = 1 then race_ethnicity[1]
            else 'multiracial'
        end as group_code
    from cases
),

gender_alone_or_in_combination as (
    select org_id, case_id, 'gender' as dimension, unnest(coalesce(gender, ['not_recorded'])) as group_code
    from cases
),

final as (
    select * from single_valued
    union all select * from race_alone_or_in_combination
    union all select * from race_alone
    union all select * from gender_alone_or_in_combination
)

select * from final
