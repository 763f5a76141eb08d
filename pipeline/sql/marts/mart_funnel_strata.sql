-- One row per (dimension, group, service area, organisation): the funnel counts
-- within each stratum, from which disparities adjusted for service area and
-- organisation are computed (Mantel-Haenszel). Never published as such.
with grain as (
    select * from intermediate.int_funnel_grain where dimension <> 'all'
),

final as (
    select
        dimension,
        group_code,
        service_area,
        org_id,
        {{ funnel_sums }}
    from grain
    group by all
)

select * from final
