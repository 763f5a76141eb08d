-- One row per (scope, dimension, group): the service funnel within each scope
-- other than `all` (whose funnel is mart_funnel_counts). Sums of the scope strata,
-- so the two can never disagree.
with strata as (
    select * from marts.mart_scope_funnel_strata
),

final as (
    select
        scope_id,
        scope_kind,
        dimension,
        group_code,
        {{ funnel_sums }}
    from strata
    group by all
)

select * from final
