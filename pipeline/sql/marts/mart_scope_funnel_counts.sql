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
        sum(requests)::bigint               as requests,
        sum(accepted)::bigint               as accepted,
        sum(turned_away_capacity)::bigint   as turned_away_capacity,
        sum(closed_accepted)::bigint        as closed_accepted,
        sum(favourable)::bigint             as favourable
    from strata
    group by all
)

select * from final
