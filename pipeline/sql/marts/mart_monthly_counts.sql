-- One row per (service area, month opened): the funnel counts of each month, the
-- series a before/after (interrupted time series) estimate of a dated policy
-- change is fitted to; service_area 'all' is every case. Months the data covers
-- only in part are flagged through days_observed < days_in_month.
with cases as (
    select service_area, opened_month, is_accepted, is_turned_away_capacity, is_closed_accepted, is_favourable from staging.stg_cases
),

span as (
    select min(opened_on) as first_day, max(opened_on) as last_day from staging.stg_cases
),

by_area as (
    select
        coalesce(service_area, 'all')                       as service_area,
        opened_month                                        as month_start,
        {{ funnel_counts }}
    from cases
    group by grouping sets ((service_area, opened_month), (opened_month))
),

final as (
    select
        c.*,
        date_diff('day', c.month_start, c.month_start + interval 1 month)::integer          as days_in_month,
        (date_diff('day', greatest(c.month_start, s.first_day),
            least((c.month_start + interval 1 month)::date - 1, s.last_day)) + 1)::integer  as days_observed
    from by_area c
    cross join span s
)

select * from final
