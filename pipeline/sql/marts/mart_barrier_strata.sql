-- One row per (barrier, service area): closed accepted cases with and without the
-- barrier, and how many of each ended unfavourably. The barrier's association with
-- an unfavourable outcome is computed from it pooled and within service area, so a
-- barrier concentrated in one area cannot pass for a protective one (Simpson).
-- A case with no barriers recorded counts as without.
-- Counted per list of barriers first (a few hundred distinct lists), then per
-- barrier in the list; "without" is the area's closed cases minus "with".
with closed as (
    select
        service_area,
        barriers,
        count(*)                                        as cases,
        count(*) filter (where not is_favourable)       as unfavourable
    from staging.stg_cases
    where is_closed_accepted
    group by all
),

areas as (
    select service_area, sum(cases)::bigint as cases, sum(unfavourable)::bigint as unfavourable
    from closed
    group by all
),

with_barrier as (
    select barrier, service_area, sum(cases)::bigint as cases, sum(unfavourable)::bigint as unfavourable
    from (select unnest(barriers) as barrier, service_area, cases, unfavourable from closed where barriers is not null)
    group by all
),

barrier_list as (
    select distinct unnest(barriers) as barrier from staging.stg_cases where barriers is not null
),

final as (
    select
        b.barrier,
        a.service_area,
        coalesce(w.cases, 0)                            as closed_with,
        coalesce(w.unfavourable, 0)                     as unfavourable_with,
        a.cases - coalesce(w.cases, 0)                  as closed_without,
        a.unfavourable - coalesce(w.unfavourable, 0)    as unfavourable_without
    from barrier_list b
    cross join areas a
    left join with_barrier w on w.barrier = b.barrier and w.service_area = a.service_area
)

select * from final
