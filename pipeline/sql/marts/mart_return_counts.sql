-- One row per (dimension, group): returns to homelessness in the manner of HUD
-- System Performance Measure 2, per case (pipeline/importers/hmis/README.md).
--   exits_to_permanent: exits to a permanent destination from an SO, ES, TH, SH or
--     PH project (Measure 2's universe; exits from prevention, services-only or
--     coordinated entry projects are not exits from homelessness and are left out);
--   followed_<w>: of those, the exits whose <w> window had elapsed by the end of the
--     export (or a return was already seen in it): each rate's denominator;
--   returned_<w>: of those, the exits followed by a return within the window.
-- Exits whose window is still open are in exits_to_permanent but in neither
-- followed_<w> nor returned_<w>. Empty when no case has returns (non-HMIS data).
-- ('all', 'all') is every such exit.
with groups as (
    select * from intermediate.int_case_groups
),

exits as (
    select org_id, case_id, returned_6m, returned_12m, returned_24m
    from staging.stg_case_returns
    where exited_to_permanent and measure2_exit
),

by_group as (
    select
        g.dimension,
        g.group_code,
        count(*)                                            as exits_to_permanent,
        count(e.returned_6m)                                as followed_6m,
        count(*) filter (where e.returned_6m)               as returned_6m,
        count(e.returned_12m)                               as followed_12m,
        count(*) filter (where e.returned_12m)              as returned_12m,
        count(e.returned_24m)                               as followed_24m,
        count(*) filter (where e.returned_24m)              as returned_24m
    from groups g
    join exits e using (org_id, case_id)
    group by all
),

overall as (
    select
        'all' as dimension,
        'all' as group_code,
        count(*)                                            as exits_to_permanent,
        count(returned_6m)                                  as followed_6m,
        count(*) filter (where returned_6m)                 as returned_6m,
        count(returned_12m)                                 as followed_12m,
        count(*) filter (where returned_12m)                as returned_12m,
        count(returned_24m)                                 as followed_24m,
        count(*) filter (where returned_24m)                as returned_24m
    from exits
    having count(*) > 0
),

final as (
    select * from overall
    union all
    select * from by_group
)

select * from final
