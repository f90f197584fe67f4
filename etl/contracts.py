"""The input contract of each file family, as documented in docs/data-formats.md."""

from __future__ import annotations

from etl.validate import Field, RowRule

TECH_STAGES = ("recruitment", "advertising", "coordination", "control", "post_exit")

CASES: tuple[Field, ...] = (
    Field("case_id", required=True),
    Field("country", required=True, country=True),
    Field("year", "BIGINT", required=True, year=True),
    Field("exploitation_type", required=True, vocabulary="exploitation_type"),
    *(Field(f"{stage}_tech", vocabulary="technology", multi=True) for stage in TECH_STAGES),
    Field("modus_operandi", vocabulary="modus_operandi", multi=True),
    Field("victims_total", "BIGINT", required=True, minimum=1),
    Field("victims_female", "BIGINT", minimum=0),
    Field("victims_male", "BIGINT", minimum=0),
    Field("victims_minor", "BIGINT", minimum=0),
    Field("victims_adult", "BIGINT", minimum=0),
    Field("prosecution_outcome", vocabulary="prosecution_outcome"),
    Field("cases", "BIGINT", minimum=0),
)

CASE_RULES: tuple[RowRule, ...] = (
    RowRule(
        "coalesce(victims_female, 0) + coalesce(victims_male, 0) > victims_total",
        "victims_female",
        "format('female {} + male {} > total {}', "
        "victims_female::BIGINT, victims_male::BIGINT, victims_total::BIGINT)",
        "victims by sex adding up to at most victims_total",
    ),
    RowRule(
        "coalesce(victims_minor, 0) + coalesce(victims_adult, 0) > victims_total",
        "victims_minor",
        "format('minor {} + adult {} > total {}', "
        "victims_minor::BIGINT, victims_adult::BIGINT, victims_total::BIGINT)",
        "victims by age adding up to at most victims_total",
    ),
    RowRule(
        "cases = 0 AND victims_total IS NULL",
        "cases",
        "cases::BIGINT::VARCHAR",
        "victims_total on a row that stands for victim records",
    ),
)

#: Indicators that hold a category (a tier, a rating) instead of a number.
_CATEGORICAL = "(SELECT list(code) FROM ref.codes WHERE vocabulary = 'categorical_indicator')"

SERIES: tuple[Field, ...] = (
    Field("country", required=True, country=True),
    Field("year", "BIGINT", required=True, year=True),
    Field("indicator", required=True, vocabulary="indicator"),
    Field("sex", vocabulary="sex"),
    Field("age_group", vocabulary="age_group"),
    Field("exploitation_type"),  # checked by SERIES_RULES, which also allows 'total'
    Field("citizenship"),
    Field("value", "DOUBLE", minimum=0),
    Field("category"),  # of a categorical indicator; checked by SERIES_RULES
    Field("status", required=True, vocabulary="series_status"),
    Field("source", required=True),
    Field("vintage", "DATE", required=True),
)

SERIES_RULES: tuple[RowRule, ...] = (
    RowRule(
        "status = 'reported' AND value IS NULL AND category IS NULL",
        "value",
        "NULL",
        "a value on a row with status 'reported'",
    ),
    RowRule(
        f"value IS NOT NULL AND list_contains({_CATEGORICAL}, indicator)",
        "value",
        "value::VARCHAR",
        "an empty value on a row of a categorical indicator (its category goes in 'category')",
    ),
    RowRule(
        "category IS NOT NULL AND NOT coalesce(list_contains("
        "(SELECT list(code) FROM ref.codes WHERE vocabulary = indicator), category), false)",
        "category",
        "indicator || ': ' || category",
        "a category of the indicator's own vocabulary (a categorical indicator's, see codes.csv; "
        "numeric indicators have none)",
    ),
    RowRule(
        "status <> 'reported' AND category IS NOT NULL",
        "category",
        "category",
        "an empty category on a row with status 'suppressed' or 'not_available'",
    ),
    RowRule(
        f"list_contains({_CATEGORICAL}, indicator) AND (coalesce(sex, 'total') <> 'total' "
        "OR coalesce(age_group, 'total') <> 'total' OR coalesce(exploitation_type, 'total') <> 'total' "
        "OR coalesce(citizenship, 'total') <> 'total')",
        "indicator",
        "indicator",
        "no breakdown (sex, age_group, exploitation_type, citizenship 'total') on a categorical indicator",
    ),
    RowRule(
        "status <> 'reported' AND value IS NOT NULL",
        "value",
        "value::VARCHAR",
        "an empty value on a row with status 'suppressed' or 'not_available'",
    ),
    RowRule(
        "exploitation_type IS NOT NULL AND exploitation_type <> 'total' AND NOT list_contains("
        "(SELECT list(code) FROM ref.codes WHERE vocabulary = 'exploitation_type'), exploitation_type)",
        "exploitation_type",
        "exploitation_type",
        "'total' or a code of vocabulary 'exploitation_type'",
    ),
    RowRule(
        "vintage > current_date",
        "vintage",
        "vintage::VARCHAR",
        "a release date that is not in the future",
    ),
)

WAVE: tuple[Field, ...] = (
    Field("wave_id", required=True),
    Field("year", "BIGINT", required=True, year=True),
    Field("label", required=True),
    Field("is_synthetic", required=True, allowed=("true", "false")),
    Field("fieldwork"),
    Field("source"),
)

CODEBOOK: tuple[Field, ...] = (
    Field("question_id", required=True),
    Field("item", required=True),
    Field("respondent_type", required=True, vocabulary="respondent_type", multi=True),
    Field("text", required=True),
    Field("item_text"),
    Field("answer_type", required=True, allowed=("rating", "yes_no", "choice", "number")),
    Field("scale_min", "BIGINT"),
    Field("scale_max", "BIGINT"),
    Field("dont_know"),
    Field("prefer_not"),
    Field("not_applicable"),
    Field("choices"),
    Field("measure", vocabulary="measure"),
    Field("domain", vocabulary="challenge_domain"),
    Field("code"),
    Field("audience", vocabulary="audience"),
    Field("column"),
)

CODEBOOK_RULES: tuple[RowRule, ...] = (
    RowRule(
        "answer_type = 'rating' AND (scale_min IS NULL OR scale_max IS NULL OR scale_min >= scale_max)",
        "scale_min",
        "format('{}..{}', scale_min, scale_max)",
        "scale_min < scale_max on a rating item",
    ),
    RowRule(
        "answer_type = 'rating' AND choices IS NOT NULL "
        "AND len(string_split(choices, '|')) <> scale_max - scale_min + 1",
        "choices",
        "format('{} for {}..{}', choices, scale_min, scale_max)",
        "on a rating, the answer codes from scale_min to scale_max, one per step",
    ),
    RowRule(
        "answer_type = 'choice' AND choices IS NULL",
        "choices",
        "NULL",
        "the allowed choices of a choice item",
    ),
    RowRule(
        "measure = 'severity' AND (domain IS NULL OR answer_type <> 'rating' OR NOT list_contains("
        "(SELECT list(code) FROM ref.codes WHERE vocabulary = 'challenge'), code))",
        "code",
        "format('{}/{}/{}', domain, code, answer_type)",
        "a rating item with a challenge domain and a challenge code",
    ),
    RowRule(
        "measure IN ('training_provision', 'training_need') AND (audience IS NULL OR "
        "answer_type <> 'rating' OR NOT list_contains("
        "(SELECT list(code) FROM ref.codes WHERE vocabulary = 'area'), code))",
        "code",
        "format('{}/{}/{}', audience, code, answer_type)",
        "a rating item with a training audience and an area code",
    ),
    RowRule(
        "measure = 'strategy' AND (answer_type <> 'yes_no' OR NOT list_contains("
        "(SELECT list(code) FROM ref.codes WHERE vocabulary = 'strategy'), code))",
        "code",
        "format('{}/{}', code, answer_type)",
        "a yes_no item with a strategy code",
    ),
    RowRule(
        "(question_id, item) IN (SELECT (question_id, item) FROM {table} GROUP BY ALL HAVING count(*) > 1)",
        "item",
        "question_id || '/' || item",
        "each question item once",
    ),
)

RESPONDENTS: tuple[Field, ...] = (
    Field("respondent_id", required=True, unique=True),
    Field("respondent_type", required=True, vocabulary="respondent_type"),
    Field("country", country=True),
    Field("organisation"),
    Field("parent_id"),
)

RESPONDENT_RULES: tuple[RowRule, ...] = (
    RowRule(
        "respondent_type = 'state' AND country IS NULL",
        "country",
        "NULL",
        "the country of a State respondent",
    ),
)

#: A wave's own labels in any language (written by ``etl import-survey``, optional).
LABELS: tuple[Field, ...] = (
    Field("vocabulary", required=True, allowed=("survey_question", "survey_item", "survey_choice")),
    Field("code", required=True),
    Field("lang", required=True),
    Field("label", required=True),
)

LONG_RESPONSES: tuple[Field, ...] = (
    Field("respondent_id", required=True),
    Field("question_id", required=True),
    Field("item", required=True),
    Field("answer"),
)
