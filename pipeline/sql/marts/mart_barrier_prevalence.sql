-- One row per (dimension, group, barrier): requests in the group that met the
-- barrier. The denominator (requests in the group) is in mart_funnel_counts.
with group_barriers as (
    select dimension, group_code, unnest(barriers) as barrier from intermediate.int_case_groups where barriers is not null
),

final as (
    select dimension, group_code, barrier, count(*) as requests_with_barrier
    from group_barriers
    group by all
)

select * from final
