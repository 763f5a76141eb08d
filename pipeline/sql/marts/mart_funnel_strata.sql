-- One row per (dimension, group, service area, organisation): the funnel counts
-- within each stratum, from which disparities adjusted for service area and
-- organisation are computed (Mantel-Haenszel). Never published as such.
with groups as (
    select * from intermediate.int_case_groups
),

final as (
    select
        dimension,
        group_code,
        service_area,
        org_id,
        {{ funnel_counts }}
    from groups
    group by all
)

select * from final
