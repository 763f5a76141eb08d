-- One row per case: the latest version of every loaded case, with the flags and
-- durations the measures use. Only renames, casts and derives; no aggregation.
-- Only the columns a model reads: the table is written on every build, and each
-- text column costs about as much to write as a GROUP BY over all cases.
with source as (
    select * from main.cases
),

final as (
    select
        org_id,
        case_id,
        program,
        service_area,
        opened_on,
        date_trunc('quarter', opened_on)::date                       as opened_quarter,
        date_trunc('month', opened_on)::date                         as opened_month,
        intake_decision = 'accepted'                                  as is_accepted,
        intake_decision = 'turned_away_capacity'                      as is_turned_away_capacity,
        closed_on is not null                                         as is_closed,
        closed_on is not null and intake_decision = 'accepted'        as is_closed_accepted,
        closed_on is not null and intake_decision = 'accepted'
            and outcome in ({{ favourable_outcomes }})                as is_favourable,
        -- Days to close: exact dates first, the reported count when dates are months.
        case
            when closed_on is not null and opened_precision = 'day' and closed_precision = 'day'
                then date_diff('day', opened_on, closed_on)
            when closed_on is not null then coalesce(days_to_close, date_diff('day', opened_on, closed_on))
        end                                                           as days_to_close,
        -- Open cases are censored at the as-of day: time observed so far.
        case when closed_on is null then greatest(date_diff('day', opened_on, {{ as_of }}), 0) end
                                                                      as days_open_so_far,
        barriers,
        race_ethnicity,
        gender,
        age_band,
        disability,
        interpreter_needed,
        income_band,
        county_fips,
        veteran,
        benefit_usd
    from source
)

select * from final
