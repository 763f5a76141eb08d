-- One row per (dimension, group): what disclosure control needs to tell whether
-- a published sum of benefits gives one client's amount away (the p% dominance
-- rule, pipeline/publish/dominance.ts). Over favourable cases that recorded an
-- amount: how many, the sum of their amounts in whole dollars (each amount
-- rounded first, so the sums of a breakdown's groups add up exactly to the sum
-- over all cases, as the protection's equations need), and the two largest
-- amounts. ('all', 'all') is every case. Never published: the largest amount is
-- one client's.
with amounts as (
    select dimension, group_code, round(benefit_usd)::bigint as usd
    from intermediate.int_case_groups
    where is_favourable and benefit_usd is not null
    union all
    select 'all', 'all', round(benefit_usd)::bigint
    from staging.stg_cases
    where is_favourable and benefit_usd is not null
),

by_group as (
    select
        dimension,
        group_code,
        count(*)            as cases_with_benefit,
        sum(usd)::bigint    as benefit_whole_usd_sum,
        max(usd, 2)         as largest_two
    from amounts
    group by all
),

final as (
    select
        dimension,
        group_code,
        cases_with_benefit,
        benefit_whole_usd_sum,
        largest_two[1]                  as largest_usd,
        coalesce(largest_two[2], 0)     as second_largest_usd
    from by_group
)

select * from final
