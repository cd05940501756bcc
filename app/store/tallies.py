"""Running tallies for the class report, kept by triggers as answers are stored.

`skill_tallies`: per learner and skill, answers, right answers and seconds.
`mistake_tallies`: per learner, skill and diagnosed mistake, how many times it was made.
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

_RIGHT = "CASE WHEN {row}.correct THEN 1 ELSE 0 END"
REBUILD = (
    "DELETE FROM skill_tallies",
    "DELETE FROM mistake_tallies",
    "INSERT INTO skill_tallies (profile_id, skill, topic, attempts, right_count, seconds) "
    "SELECT profile_id, skill, min(topic), count(*), sum(CASE WHEN correct THEN 1 ELSE 0 END), "
    "sum(seconds) FROM attempts GROUP BY profile_id, skill",
    "INSERT INTO mistake_tallies (profile_id, skill, mistake, topic, attempts) "
    "SELECT profile_id, skill, mistake, min(topic), count(*) FROM attempts "
    "WHERE mistake IS NOT NULL GROUP BY profile_id, skill, mistake",
)


def _subtract(old: str, right: str) -> str:
    return f"""
    UPDATE skill_tallies SET attempts = attempts - 1, right_count = right_count - {right},
           seconds = seconds - {old}.seconds
     WHERE profile_id = {old}.profile_id AND skill = {old}.skill;
    UPDATE mistake_tallies SET attempts = attempts - 1
     WHERE profile_id = {old}.profile_id AND skill = {old}.skill AND mistake = {old}.mistake;
    DELETE FROM skill_tallies
     WHERE profile_id = {old}.profile_id AND skill = {old}.skill AND attempts <= 0;
    DELETE FROM mistake_tallies
     WHERE profile_id = {old}.profile_id AND skill = {old}.skill AND attempts <= 0;
    """


def _add(new: str, right: str, excluded: str, alias: bool = True) -> str:
    t, m = (" AS t", " AS m") if alias else ("", "")  # SQLite's triggers take no alias
    pt, pm = ("t.", "m.") if alias else ("", "")
    return f"""
    INSERT INTO skill_tallies{t} (profile_id, skill, topic, attempts, right_count, seconds)
    VALUES ({new}.profile_id, {new}.skill, {new}.topic, 1, {right}, {new}.seconds)
    ON CONFLICT (profile_id, skill) DO UPDATE
       SET attempts = {pt}attempts + 1, right_count = {pt}right_count + {excluded}.right_count,
           seconds = {pt}seconds + {excluded}.seconds;
    INSERT INTO mistake_tallies{m} (profile_id, skill, mistake, topic, attempts)
    SELECT {new}.profile_id, {new}.skill, {new}.mistake, {new}.topic, 1
     WHERE {new}.mistake IS NOT NULL
    ON CONFLICT (profile_id, skill, mistake) DO UPDATE SET attempts = {pm}attempts + 1;
    """


_PG_TALLY = f"""
CREATE OR REPLACE FUNCTION bpq_tally_attempt() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        {_subtract("OLD", _RIGHT.format(row="OLD"))}
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {_add("NEW", _RIGHT.format(row="NEW"), "EXCLUDED")}
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
_PG_TRIGGERS = (
    "CREATE TRIGGER attempts_tally AFTER INSERT OR DELETE OR UPDATE OF profile_id, skill, "
    "mistake, correct, seconds ON attempts FOR EACH ROW EXECUTE FUNCTION bpq_tally_attempt()",
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
_SQLITE_RIGHT = "{row}.correct"
_SQLITE_TRIGGERS = {
    "attempts_tally_insert": (
        "AFTER INSERT ON attempts BEGIN "
        f"{_add('NEW', _SQLITE_RIGHT.format(row='NEW'), 'excluded', False)} END"
    ),
    "attempts_tally_delete": (
        f"AFTER DELETE ON attempts BEGIN {_subtract('OLD', _SQLITE_RIGHT.format(row='OLD'))} END"
    ),
    "attempts_tally_update": (
        "AFTER UPDATE OF profile_id, skill, mistake, correct, seconds ON attempts BEGIN "
        f"{_subtract('OLD', _SQLITE_RIGHT.format(row='OLD'))} "
        f"{_add('NEW', _SQLITE_RIGHT.format(row='NEW'), 'excluded', False)} END"
    ),
    "review_states_stability_insert": (
        f"AFTER INSERT ON review_states BEGIN {_SQLITE_STABILITY} END"
    ),
    "review_states_stability_update": (
        f"AFTER UPDATE OF card_json ON review_states BEGIN {_SQLITE_STABILITY} END"
    ),
}


def create_triggers(conn: Connection) -> None:
    """The tally and stability triggers of this backend (made afresh)."""
    drop_triggers(conn)
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(_PG_TALLY)
        conn.exec_driver_sql(_PG_STABILITY)
        for statement in _PG_TRIGGERS:
            conn.exec_driver_sql(statement)
        return
    for name, body in _SQLITE_TRIGGERS.items():
        conn.exec_driver_sql(f"CREATE TRIGGER {name} {body}")


def drop_triggers(conn: Connection) -> None:
    """Remove the triggers (downgrade, or before making them again)."""
    if conn.dialect.name == "postgresql":
        for statement in _PG_DROP:
            conn.exec_driver_sql(statement)
        return
    for name in _SQLITE_TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")


def rebuild(conn: Connection) -> None:
    """Recount every tally and stability from the answers and states (after a bulk load with
    the triggers off, and in the migration that adds them); the triggers must exist."""
    for statement in REBUILD:
        conn.exec_driver_sql(statement)
    if conn.dialect.name == "postgresql":  # the stability trigger reads each card, safely
        conn.exec_driver_sql("UPDATE review_states SET card_json = card_json")
    else:
        conn.exec_driver_sql(
            "UPDATE review_states SET stability = CASE WHEN json_valid(card_json) THEN "
            "json_extract(card_json, '$.card.stability') END"
        )
