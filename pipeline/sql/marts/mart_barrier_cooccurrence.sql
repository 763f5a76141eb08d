-- One row per (service area, barrier i, barrier j) with i <= j: requests that
-- met both barriers. On the diagonal (i = j), requests that met barrier i, the
-- same count as mart_barrier_prevalence's. service_area 'all' is every request.
-- Pairs no request met have no row (their count is 0).
with case_barriers as (
    select org_id, case_id, service_area, unnest(barriers) as barrier
    from staging.stg_cases
    where barriers is not null
),

pairs as (
    select a.service_area, a.barrier as barrier_i, b.barrier as barrier_j
    from case_barriers a
    join case_barriers b using (org_id, case_id)
    where a.barrier <= b.barrier
),

final as (
    select
        coalesce(service_area, 'all')   as service_area,
        barrier_i,
        barrier_j,
        count(*)                        as requests_with_both
    from pairs
    group by grouping sets ((service_area, barrier_i, barrier_j), (barrier_i, barrier_j))
)

select * from final
