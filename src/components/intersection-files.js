// One file per crossed pair of breakdowns on the Outcomes page, each fetched
// only when the reader picks that pair. Framework builds a file only when a
// literal FileAttachment names it, so the pairs are listed here, not computed:
// every two of the breakdowns race alone, race alone or in combination, gender,
// age band, disability, interpreter needed, income band, veteran, service area
// (in that order, as marts.mart_intersection_strata pairs them), but race alone
// with race alone or in combination, which is not a pair. The site build checks
// this list against the published pairs (src/data/intersections.json.js) and
// stops on any difference. Key and file name: dimension_a~dimension_b.
import {FileAttachment} from "observablehq:stdlib";

export const intersectionFiles = {
  "race_ethnicity_alone~gender": FileAttachment("../data/intersections/race_ethnicity_alone~gender.json"),
  "race_ethnicity_alone~age_band": FileAttachment("../data/intersections/race_ethnicity_alone~age_band.json"),
  "race_ethnicity_alone~disability": FileAttachment("../data/intersections/race_ethnicity_alone~disability.json"),
  "race_ethnicity_alone~interpreter_needed": FileAttachment("../data/intersections/race_ethnicity_alone~interpreter_needed.json"),
  "race_ethnicity_alone~income_band": FileAttachment("../data/intersections/race_ethnicity_alone~income_band.json"),
  "race_ethnicity_alone~veteran": FileAttachment("../data/intersections/race_ethnicity_alone~veteran.json"),
  "race_ethnicity_alone~service_area": FileAttachment("../data/intersections/race_ethnicity_alone~service_area.json"),
  "race_ethnicity_aoic~gender": FileAttachment("../data/intersections/race_ethnicity_aoic~gender.json"),
  "race_ethnicity_aoic~age_band": FileAttachment("../data/intersections/race_ethnicity_aoic~age_band.json"),
  "race_ethnicity_aoic~disability": FileAttachment("../data/intersections/race_ethnicity_aoic~disability.json"),
  "race_ethnicity_aoic~interpreter_needed": FileAttachment("../data/intersections/race_ethnicity_aoic~interpreter_needed.json"),
  "race_ethnicity_aoic~income_band": FileAttachment("../data/intersections/race_ethnicity_aoic~income_band.json"),
  "race_ethnicity_aoic~veteran": FileAttachment("../data/intersections/race_ethnicity_aoic~veteran.json"),
  "race_ethnicity_aoic~service_area": FileAttachment("../data/intersections/race_ethnicity_aoic~service_area.json"),
  "gender~age_band": FileAttachment("../data/intersections/gender~age_band.json"),
  "gender~disability": FileAttachment("../data/intersections/gender~disability.json"),
  "gender~interpreter_needed": FileAttachment("../data/intersections/gender~interpreter_needed.json"),
  "gender~income_band": FileAttachment("../data/intersections/gender~income_band.json"),
  "gender~veteran": FileAttachment("../data/intersections/gender~veteran.json"),
  "gender~service_area": FileAttachment("../data/intersections/gender~service_area.json"),
  "age_band~disability": FileAttachment("../data/intersections/age_band~disability.json"),
  "age_band~interpreter_needed": FileAttachment("../data/intersections/age_band~interpreter_needed.json"),
  "age_band~income_band": FileAttachment("../data/intersections/age_band~income_band.json"),
  "age_band~veteran": FileAttachment("../data/intersections/age_band~veteran.json"),
  "age_band~service_area": FileAttachment("../data/intersections/age_band~service_area.json"),
  "disability~interpreter_needed": FileAttachment("../data/intersections/disability~interpreter_needed.json"),
  "disability~income_band": FileAttachment("../data/intersections/disability~income_band.json"),
  "disability~veteran": FileAttachment("../data/intersections/disability~veteran.json"),
  "disability~service_area": FileAttachment("../data/intersections/disability~service_area.json"),
  "interpreter_needed~income_band": FileAttachment("../data/intersections/interpreter_needed~income_band.json"),
  "interpreter_needed~veteran": FileAttachment("../data/intersections/interpreter_needed~veteran.json"),
  "interpreter_needed~service_area": FileAttachment("../data/intersections/interpreter_needed~service_area.json"),
  "income_band~veteran": FileAttachment("../data/intersections/income_band~veteran.json"),
  "income_band~service_area": FileAttachment("../data/intersections/income_band~service_area.json"),
  "veteran~service_area": FileAttachment("../data/intersections/veteran~service_area.json"),
};
