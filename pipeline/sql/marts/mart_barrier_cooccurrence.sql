-- One row per (service area, barrier i, barrier j) with i <= j: requests that
-- met both barriers. On the diagonal (i = j), requests that met barrier i, the
-- same count as mart_barrier_prevalence's. service_area 'all' is every request.
-- Pairs no request met have no row (their count is 0).
-- Requests are counted per list of barriers first (a few hundred distinct lists),
-- and each list's pairs are formed once, not once per request.
with lists as (
    select service_area, barriers, count(*) as requests
    from staging.stg_cases
    where barriers is not null
    group by all
),

pairs as (
    select l.service_area, i.barrier as barrier_i, j.barrier as barrier_j, l.requests
    from lists l, unnest(l.barriers) as i(barrier), unnest(l.barriers) as j(barrier)
    where i.barrier <= j.barrier
),

final as (
    select
        coalesce(service_area, 'all')   as service_area,
        barrier_i,
        barrier_j,
        sum(requests)::bigint           as requests_with_both
    from pairs
    group by grouping sets ((service_area, barrier_i, barrier_j), (barrier_i, barrier_j))
)

select * from final
