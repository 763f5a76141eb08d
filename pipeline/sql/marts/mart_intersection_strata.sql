-- One row per pair of breakdowns, pair of groups, service area and organisation:
-- closed accepted cases and the favourable ones in each intersection (say, Black
-- women aged 25-34 is race x gender and gender x age band, one pair at a time),
-- within each stratum so that disparities can be adjusted for service area and
-- organisation (Mantel-Haenszel). The crude counts are the sums over strata.
-- Pairs (35): every two demographic breakdowns (race alone or in combination
-- with race alone is not a pair) and each demographic breakdown by service area.
-- dimension_a comes before dimension_b in the order race alone, race alone or in
-- combination, gender, age band, disability, interpreter needed, income band,
-- veteran, service area. Computed with grouping sets over one scan per source,
-- not a self-join of case groups, which would be ~45 rows per case.
with closed_profiles as (
    -- Closed accepted cases counted per combination of the breakdowns first: many
    -- cases share one (about 5 to 1 at 1M cases), and the 35 grouping sets below
    -- then add up these rows instead of counting the cases one by one.
    select
        org_id,
        service_area,
        race_ethnicity,
        gender,
        age_band,
        disability,
        interpreter_needed,
        income_band,
        veteran,
        count(*)                                                        as cases,
        count(*) filter (where is_favourable)                           as favourable_cases
    from staging.stg_cases
    where is_closed_accepted
    group by all
),

closed as (
    select
        org_id,
        service_area                                                    as stratum_area,
        service_area,
        cases,
        favourable_cases,
        race_ethnicity,
        gender,
        case
            when race_ethnicity is null then 'not_recorded'
            when len(race_ethnicity) = 1 then race_ethnicity[1]
            else 'multiracial'
        end                                                             as race_ethnicity_alone,
        coalesce(age_band, 'not_recorded')                              as age_band,
        coalesce(disability, 'not_recorded')                            as disability,
        coalesce(interpreter_needed, 'not_recorded')                    as interpreter_needed,
        coalesce(income_band, 'not_recorded')                           as income_band,
        coalesce(veteran, 'not_recorded')                               as veteran
    from closed_profiles
),

by_race as (
    select *, unnest(coalesce(race_ethnicity, ['not_recorded'])) as race_ethnicity_aoic from closed
),

by_gender as (
    select * exclude (gender), unnest(coalesce(gender, ['not_recorded'])) as gender from closed
),

by_race_and_gender as (
    select * exclude (gender), unnest(coalesce(gender, ['not_recorded'])) as gender from by_race
),

single_pairs as (
    select
        list_filter([{'dimension': 'race_ethnicity_alone', 'group_code': race_ethnicity_alone, 'rolled_up': grouping(race_ethnicity_alone)}, {'dimension': 'age_band', 'group_code': age_band, 'rolled_up': grouping(age_band)}, {'dimension': 'disability', 'group_code': disability, 'rolled_up': grouping(disability)}, {'dimension': 'interpreter_needed', 'group_code': interpreter_needed, 'rolled_up': grouping(interpreter_needed)}, {'dimension': 'income_band', 'group_code': income_band, 'rolled_up': grouping(income_band)}, {'dimension': 'veteran', 'group_code': veteran, 'rolled_up': grouping(veteran)}, {'dimension': 'service_area', 'group_code': service_area, 'rolled_up': grouping(service_area)}], d -> d.rolled_up = 0) as pair,
        stratum_area, org_id,
        sum(cases)::bigint                      as closed_accepted,
        sum(favourable_cases)::bigint           as favourable
    from closed
    group by grouping sets (
        (race_ethnicity_alone, age_band, stratum_area, org_id),
        (race_ethnicity_alone, disability, stratum_area, org_id),
        (race_ethnicity_alone, interpreter_needed, stratum_area, org_id),
        (race_ethnicity_alone, income_band, stratum_area, org_id),
        (race_ethnicity_alone, veteran, stratum_area, org_id),
        (age_band, disability, stratum_area, org_id),
        (age_band, interpreter_needed, stratum_area, org_id),
        (age_band, income_band, stratum_area, org_id),
        (age_band, veteran, stratum_area, org_id),
        (disability, interpreter_needed, stratum_area, org_id),
        (disability, income_band, stratum_area, org_id),
        (disability, veteran, stratum_area, org_id),
        (interpreter_needed, income_band, stratum_area, org_id),
        (interpreter_needed, veteran, stratum_area, org_id),
        (income_band, veteran, stratum_area, org_id),
        (race_ethnicity_alone, service_area, stratum_area, org_id),
        (age_band, service_area, stratum_area, org_id),
        (disability, service_area, stratum_area, org_id),
        (interpreter_needed, service_area, stratum_area, org_id),
        (income_band, service_area, stratum_area, org_id),
        (veteran, service_area, stratum_area, org_id)
    )
),

race_pairs as (
    select
        list_filter([{'dimension': 'race_ethnicity_aoic', 'group_code': race_ethnicity_aoic, 'rolled_up': grouping(race_ethnicity_aoic)}, {'dimension': 'age_band', 'group_code': age_band, 'rolled_up': grouping(age_band)}, {'dimension': 'disability', 'group_code': disability, 'rolled_up': grouping(disability)}, {'dimension': 'interpreter_needed', 'group_code': interpreter_needed, 'rolled_up': grouping(interpreter_needed)}, {'dimension': 'income_band', 'group_code': income_band, 'rolled_up': grouping(income_band)}, {'dimension': 'veteran', 'group_code': veteran, 'rolled_up': grouping(veteran)}, {'dimension': 'service_area', 'group_code': service_area, 'rolled_up': grouping(service_area)}], d -> d.rolled_up = 0) as pair,
        stratum_area, org_id,
        sum(cases)::bigint                      as closed_accepted,
        sum(favourable_cases)::bigint           as favourable
    from by_race
    group by grouping sets (
        (race_ethnicity_aoic, age_band, stratum_area, org_id),
        (race_ethnicity_aoic, disability, stratum_area, org_id),
        (race_ethnicity_aoic, interpreter_needed, stratum_area, org_id),
        (race_ethnicity_aoic, income_band, stratum_area, org_id),
        (race_ethnicity_aoic, veteran, stratum_area, org_id),
        (race_ethnicity_aoic, service_area, stratum_area, org_id)
    )
),

gender_pairs as (
    select
        list_filter([{'dimension': 'race_ethnicity_alone', 'group_code': race_ethnicity_alone, 'rolled_up': grouping(race_ethnicity_alone)}, {'dimension': 'gender', 'group_code': gender, 'rolled_up': grouping(gender)}, {'dimension': 'age_band', 'group_code': age_band, 'rolled_up': grouping(age_band)}, {'dimension': 'disability', 'group_code': disability, 'rolled_up': grouping(disability)}, {'dimension': 'interpreter_needed', 'group_code': interpreter_needed, 'rolled_up': grouping(interpreter_needed)}, {'dimension': 'income_band', 'group_code': income_band, 'rolled_up': grouping(income_band)}, {'dimension': 'veteran', 'group_code': veteran, 'rolled_up': grouping(veteran)}, {'dimension': 'service_area', 'group_code': service_area, 'rolled_up': grouping(service_area)}], d -> d.rolled_up = 0) as pair,
        stratum_area, org_id,
        sum(cases)::bigint                      as closed_accepted,
        sum(favourable_cases)::bigint           as favourable
    from by_gender
    group by grouping sets (
        (gender, race_ethnicity_alone, stratum_area, org_id),
        (gender, age_band, stratum_area, org_id),
        (gender, disability, stratum_area, org_id),
        (gender, interpreter_needed, stratum_area, org_id),
        (gender, income_band, stratum_area, org_id),
        (gender, veteran, stratum_area, org_id),
        (gender, service_area, stratum_area, org_id)
    )
),

race_gender_pairs as (
    select
        list_filter([{'dimension': 'race_ethnicity_aoic', 'group_code': race_ethnicity_aoic, 'rolled_up': grouping(race_ethnicity_aoic)}, {'dimension': 'gender', 'group_code': gender, 'rolled_up': grouping(gender)}], d -> d.rolled_up = 0) as pair,
        stratum_area, org_id,
        sum(cases)::bigint                      as closed_accepted,
        sum(favourable_cases)::bigint           as favourable
    from by_race_and_gender
    group by grouping sets (
        (race_ethnicity_aoic, gender, stratum_area, org_id)
    )
),

all_pairs as (
    select * from single_pairs
    union all select * from race_pairs
    union all select * from gender_pairs
    union all select * from race_gender_pairs
),

final as (
    select
        pair[1].dimension     as dimension_a,
        pair[1].group_code    as group_a,
        pair[2].dimension     as dimension_b,
        pair[2].group_code    as group_b,
        stratum_area          as service_area,
        org_id,
        closed_accepted,
        favourable
    from all_pairs
)

select * from final
