-- One row per (dimension, group): benefits obtained (benefit_usd) on favourable
-- cases: how many favourable cases, how many of them recorded a benefit, the sum
-- and the median of the recorded amounts. ('all', 'all') is every case. A
-- favourable case with no amount recorded is counted, never taken as $0.
with groups as (
    select dimension, group_code, is_favourable, benefit_usd from intermediate.int_case_groups where is_favourable
    union all
    select 'all', 'all', is_favourable, benefit_usd from staging.stg_cases where is_favourable
),

final as (
    select
        dimension,
        group_code,
        count(*)                                    as favourable_cases,
        count(benefit_usd)                          as cases_with_benefit,
        coalesce(sum(benefit_usd), 0)::double       as benefit_usd_sum,
        median(benefit_usd)::double                 as benefit_usd_median
    from groups
    group by all
)

select * from final
