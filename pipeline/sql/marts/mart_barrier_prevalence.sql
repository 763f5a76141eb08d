-- One row per (dimension, group, barrier): requests in the group that met the
-- barrier. The denominator (requests in the group) is in mart_funnel_counts.
with groups as (
    select * from intermediate.int_case_groups
),

case_barriers as (
    select org_id, case_id, unnest(barriers) as barrier from staging.stg_cases where barriers is not null
),

final as (
    select g.dimension, g.group_code, b.barrier, count(*) as requests_with_barrier
    from groups g
    join case_barriers b using (org_id, case_id)
    group by all
)

select * from final
