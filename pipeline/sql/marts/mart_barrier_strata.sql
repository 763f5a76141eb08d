-- One row per (barrier, service area): closed accepted cases with and without the
-- barrier, and how many of each ended unfavourably. The barrier's association with
-- an unfavourable outcome is computed from it pooled and within service area, so a
-- barrier concentrated in one area cannot pass for a protective one (Simpson).
-- A case with no barriers recorded counts as without.
with cases as (
    select service_area, barriers, is_favourable from staging.stg_cases where is_closed_accepted
),

barrier_list as (
    select distinct unnest(barriers) as barrier from staging.stg_cases where barriers is not null
),

final as (
    select
        b.barrier,
        c.service_area,
        count(*) filter (where coalesce(list_contains(c.barriers, b.barrier), false))                          as closed_with,
        count(*) filter (where coalesce(list_contains(c.barriers, b.barrier), false) and not c.is_favourable)  as unfavourable_with,
        count(*) filter (where not coalesce(list_contains(c.barriers, b.barrier), false))                      as closed_without,
        count(*) filter (where not coalesce(list_contains(c.barriers, b.barrier), false) and not c.is_favourable) as unfavourable_without
    from barrier_list b
    cross join cases c
    group by all
)

select * from final
