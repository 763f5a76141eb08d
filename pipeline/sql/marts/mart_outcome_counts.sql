-- One row per (dimension, group): closed accepted cases (the denominator of the
-- favourable-outcome rate) and how many of them ended favourably. The row
-- ('all', 'all') is every case. Rates, intervals and flags are added by the measures step.
with groups as (
    select * from intermediate.int_case_groups
),

cases as (
    select org_id, case_id, is_closed_accepted, is_favourable from staging.stg_cases
),

by_group as (
    select
        g.dimension,
        g.group_code,
        count(*) filter (where c.is_closed_accepted)  as closed_accepted_cases,
        count(*) filter (where c.is_favourable)       as favourable_cases
    from groups g
    join cases c using (org_id, case_id)
    group by all
),

overall as (
    select
        'all' as dimension,
        'all' as group_code,
        count(*) filter (where is_closed_accepted)    as closed_accepted_cases,
        count(*) filter (where is_favourable)         as favourable_cases
    from cases
),

final as (
    select * from overall
    union all
    select * from by_group
)

select * from final
