"""Running tallies for the class report, kept by triggers as answers are stored.

`skill_tallies`: per learner and skill, answers, right answers and seconds.
`mistake_tallies`: per learner, skill and diagnosed mistake, how many times it was made.
`day_tallies` and `day_mistakes` (schema 0006): the same per UTC day of the answer, so a
report over a range of days adds up days instead of reading the answers.
`review_states.stability`: the fsrs stability read out of card_json when a state is written,
so recall is computed without parsing 150,000 JSON texts at report time.
A trigger on attempts adds each answer (and takes one away when an answer is deleted or
changed), so the report reads tallies instead of a million answers. On PostgreSQL the trigger
functions are SECURITY DEFINER: a learner's role, which may not read the tallies, keeps them.
A migration that rebuilds attempts or review_states on SQLite (batch mode) drops their
triggers and must call `create_triggers` again.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection

_DAY = {
    "postgresql": "CAST(({row}.answered_at AT TIME ZONE 'UTC') AS date)",
    "sqlite": "date({row}.answered_at)",  # naive UTC text: its first ten characters
}
_RIGHT = {"postgresql": "CASE WHEN {row}.correct THEN 1 ELSE 0 END", "sqlite": "{row}.correct"}


def rebuild_statements(dialect: str, whole: bool = True, days: bool = True) -> list[str]:
    """Statements that recount the tallies from the answers: the whole-history ones, the day
    ones, or both."""
    day = _DAY[dialect].format(row="attempts")
    right = "sum(CASE WHEN correct THEN 1 ELSE 0 END)"
    statements: list[str] = []
    if whole:
        statements += [
            "DELETE FROM skill_tallies",
            "DELETE FROM mistake_tallies",
            "INSERT INTO skill_tallies (profile_id, skill, topic, attempts, right_count, seconds) "
            f"SELECT profile_id, skill, min(topic), count(*), {right}, sum(seconds) FROM attempts "
            "GROUP BY profile_id, skill",
            "INSERT INTO mistake_tallies (profile_id, skill, mistake, topic, attempts) "
            "SELECT profile_id, skill, mistake, min(topic), count(*) FROM attempts "
            "WHERE mistake IS NOT NULL GROUP BY profile_id, skill, mistake",
        ]
    if days:
        statements += [
            "DELETE FROM day_tallies",
            "DELETE FROM day_mistakes",
            "INSERT INTO day_tallies (day, profile_id, skill, topic, attempts, right_count, "
            f"seconds) SELECT {day}, profile_id, skill, min(topic), count(*), {right}, "
            f"sum(seconds) FROM attempts GROUP BY {day}, profile_id, skill",
            "INSERT INTO day_mistakes (day, profile_id, skill, mistake, topic, attempts) "
            f"SELECT {day}, profile_id, skill, mistake, min(topic), count(*) FROM attempts "
            f"WHERE mistake IS NOT NULL GROUP BY {day}, profile_id, skill, mistake",
        ]
    return statements


def _subtract(dialect: str, days: bool) -> str:
    """Take the OLD answer out of every tally that counts it, and drop tallies left empty."""
    right, day = _RIGHT[dialect].format(row="OLD"), _DAY[dialect].format(row="OLD")
    key = "profile_id = OLD.profile_id AND skill = OLD.skill"
    tables = [("skill_tallies", "mistake_tallies", key)]
    if days:
        tables.append(("day_tallies", "day_mistakes", f"day = {day} AND {key}"))
    return "".join(
        f"""
    UPDATE {skills} SET attempts = attempts - 1, right_count = right_count - {right},
           seconds = seconds - OLD.seconds
     WHERE {where};
    UPDATE {mistakes} SET attempts = attempts - 1 WHERE {where} AND mistake = OLD.mistake;
    DELETE FROM {skills} WHERE {where} AND attempts <= 0;
    DELETE FROM {mistakes} WHERE {where} AND attempts <= 0;
    """
        for skills, mistakes, where in tables
    )


def _add(dialect: str, excluded: str, days: bool) -> str:
    """Count the NEW answer in its learner's tallies (and its day's)."""
    alias = dialect == "postgresql"  # SQLite's triggers take no table alias
    right, day = _RIGHT[dialect].format(row="NEW"), _DAY[dialect].format(row="NEW")
    tables = [("skill_tallies", "mistake_tallies", "", "")]
    if days:
        tables.append(("day_tallies", "day_mistakes", "day, ", f"{day}, "))
    out = []
    for skills, mistakes, column, value in tables:
        t, m = (" AS t", " AS m") if alias else ("", "")
        pt, pm = ("t.", "m.") if alias else ("", "")
        out.append(
            f"""
    INSERT INTO {skills}{t} ({column}profile_id, skill, topic, attempts, right_count, seconds)
    VALUES ({value}NEW.profile_id, NEW.skill, NEW.topic, 1, {right}, NEW.seconds)
    ON CONFLICT ({column}profile_id, skill) DO UPDATE
       SET attempts = {pt}attempts + 1, right_count = {pt}right_count + {excluded}.right_count,
           seconds = {pt}seconds + {excluded}.seconds;
    INSERT INTO {mistakes}{m} ({column}profile_id, skill, mistake, topic, attempts)
    SELECT {value}NEW.profile_id, NEW.skill, NEW.mistake, NEW.topic, 1
     WHERE NEW.mistake IS NOT NULL
    ON CONFLICT ({column}profile_id, skill, mistake) DO UPDATE SET attempts = {pm}attempts + 1;
    """
        )
    return "".join(out)


def _pg_tally(days: bool) -> str:
    return f"""
CREATE OR REPLACE FUNCTION bpq_tally_attempt() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        {_subtract("postgresql", days)}
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {_add("postgresql", "EXCLUDED", days)}
    END IF;
    RETURN NULL;
END $$
"""


_PG_STABILITY = """
CREATE OR REPLACE FUNCTION bpq_card_stability() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        NEW.stability := (NEW.card_json::json -> 'card' ->> 'stability')::float;
    EXCEPTION WHEN others THEN
        NEW.stability := NULL;
    END;
    RETURN NEW;
END $$
"""
_COUNTED = "profile_id, skill, mistake, correct, seconds"
"""The columns a tally counts: changing one of them moves the answer between tallies."""


def _pg_triggers(days: bool) -> tuple[str, ...]:
    columns = _COUNTED + (", answered_at" if days else "")
    return (
        f"CREATE TRIGGER attempts_tally AFTER INSERT OR DELETE OR UPDATE OF {columns} "
        "ON attempts FOR EACH ROW EXECUTE FUNCTION bpq_tally_attempt()",
        "CREATE TRIGGER review_states_stability BEFORE INSERT OR UPDATE OF card_json "
        "ON review_states FOR EACH ROW EXECUTE FUNCTION bpq_card_stability()",
    )


_PG_DROP = (
    "DROP TRIGGER IF EXISTS attempts_tally ON attempts",
    "DROP TRIGGER IF EXISTS review_states_stability ON review_states",
)

_SQLITE_STABILITY = (
    "UPDATE review_states SET stability = CASE WHEN json_valid(NEW.card_json) THEN "
    "json_extract(NEW.card_json, '$.card.stability') END WHERE id = NEW.id;"
)


def _sqlite_triggers(days: bool) -> dict[str, str]:
    columns = _COUNTED + (", answered_at" if days else "")
    return {
        "attempts_tally_insert": (
            f"AFTER INSERT ON attempts BEGIN {_add('sqlite', 'excluded', days)} END"
        ),
        "attempts_tally_delete": f"AFTER DELETE ON attempts BEGIN {_subtract('sqlite', days)} END",
        "attempts_tally_update": (
            f"AFTER UPDATE OF {columns} ON attempts BEGIN "
            f"{_subtract('sqlite', days)} {_add('sqlite', 'excluded', days)} END"
        ),
        "review_states_stability_insert": (
            f"AFTER INSERT ON review_states BEGIN {_SQLITE_STABILITY} END"
        ),
        "review_states_stability_update": (
            f"AFTER UPDATE OF card_json ON review_states BEGIN {_SQLITE_STABILITY} END"
        ),
    }


def create_triggers(conn: Connection, days: bool = True) -> None:
    """The tally and stability triggers of this backend (made afresh); `days=False` makes
    them as schema 0005 had them, without the day tallies."""
    drop_triggers(conn)
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(_pg_tally(days))
        conn.exec_driver_sql(_PG_STABILITY)
        for statement in _pg_triggers(days):
            conn.exec_driver_sql(statement)
        return
    for name, body in _sqlite_triggers(days).items():
        conn.exec_driver_sql(f"CREATE TRIGGER {name} {body}")


def drop_triggers(conn: Connection) -> None:
    """Remove the triggers (downgrade, or before making them again)."""
    if conn.dialect.name == "postgresql":
        for statement in _PG_DROP:
            conn.exec_driver_sql(statement)
        return
    for name in _sqlite_triggers(False):
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


def rebuild(conn: Connection, days: bool = True) -> None:
    """Recount every tally and stability from the answers and states (after a bulk load with
    the triggers off, and in the migrations that add them); the triggers must exist."""
    for statement in rebuild_statements(conn.dialect.name, days=days):
        conn.exec_driver_sql(statement)
    if conn.dialect.name == "postgresql":  # the stability trigger reads each card, safely
        conn.exec_driver_sql("UPDATE review_states SET card_json = card_json")
    else:
        conn.exec_driver_sql(
            "UPDATE review_states SET stability = CASE WHEN json_valid(card_json) THEN "
            "json_extract(card_json, '$.card.stability') END"
        )
