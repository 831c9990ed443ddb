"""Evidence beside the claims: how independent each check is, and what other holders say.

The texts are official writing of one government. A figure "checked" against that government's
own ministry or media is confirmed by its source, not verified by anyone else, so every outside
source carries an `independence` kind (sources.csv) and this module keeps that kind attached
wherever a check or a perspective is shown. A view is rated twice, for the copy it was read in and
for how its holder stands to the claim (`holder_relation`), and counts as independent only when both
are. The notebooks call these functions; the learner-facing pandas stays in the notebooks, the
joins and the HTML live here, tested.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from . import data

# Kinds of source that do not answer to the government that wrote the texts.
INDEPENDENT = frozenset({"international_organisation", "third_party_government", "independent_media", "scholarly",
                         "political_foundation"})

INDEPENDENCE_LABELS = {
    "same_government": "the texts' own government",
    "state_media": "state-owned media",
    "international_organisation": "an international organisation's record",
    "third_party_government": "another government",
    "independent_media": "independent media",
    "scholarly": "a scholar or research body",
    "political_foundation": "a political foundation",
    "reprint": "a copy on a third-party site",
}

# The same kinds in a few words, for the checkability table (pandas cuts cells at 50 characters).
SHORT_LABELS = {
    "same_government": "texts' government",
    "state_media": "state media",
    "international_organisation": "international body",
    "third_party_government": "another government",
    "independent_media": "independent media",
    "scholarly": "scholar",
    "political_foundation": "foundation",
    "reprint": "a copy",
}

# How the holder of a view stands to what the texts say (perspectives.csv, context.csv, outcomes.csv):
# rated apart from the copy it was read in, because they are different questions. A UN record read
# on a third party's copy is a copy, however impartial the UN; a co-drafting government praising its
# own resolution is a party, however independent the page that carries its words.
HOLDER_LABELS = {
    "own_government": "the texts' own government, its party, bodies or state media",
    "party": "a party to the act (co-sponsor, signatory, or the government whose policy it is)",
    "third_party": "a third party",
}

STANCE_LABELS = {"supports": "agrees with the text", "qualifies": "qualifies the text", "context": "adds context"}

# Which paragraphs each content notebook reads (the course design's table of notebooks); a
# notebook's claims and statements are those of its paragraphs. 07 reads the language of both
# texts, so its items are the statements; 08 examines everything.
NOTEBOOK_PARAGRAPHS = {
    "02": {"wang_yi_2025": [1, 8, 13, 14, 15, 16, 17]},
    "03": {"wang_yi_2025": [2, 3, 12, 20]},
    "04": {"wang_yi_2025": [4, 5, 6, 7, 19]},
    "05": {"wang_yi_2025": [9, 10, 11, 18, 21]},
    "06": {"he_yin_2025": list(range(1, 20)), "wang_yi_2025": [22]},
}

# What the texts' words refer to, per kind of target: (table, key column, quote column).
_TARGETS = {
    "claim": ("claims", "claim_id", "quote"),
    "concept": ("concepts", "concept_id", "definition_quote"),
    "event": ("events", "event_id", "quote"),
    "statement": ("statements", "statement_id", "quote"),
}


def is_independent(independence: str | None) -> bool:
    """True for a source that does not answer to the texts' government (a reprint is not counted:
    the copy is not the record)."""
    return independence in INDEPENDENT


def is_independent_view(holder_relation: str | None, independence: str | None) -> bool:
    """True for a view held by a third party and read in an independent copy: both must hold.
    A government speaking of its own act is a party to it, whatever site carries its words."""
    return holder_relation == "third_party" and is_independent(independence)


def _with_independence(views: pd.DataFrame) -> pd.DataFrame:
    """Views joined to their source, with the copy's and the holder's independence and both."""
    views = views.merge(_sources(), on="source_id", how="left")
    views["independent_copy"] = views["independence"].map(is_independent).astype(bool)
    views["independent_holder"] = views["holder_relation"].eq("third_party")
    views["independent"] = [is_independent_view(h, c) for h, c in zip(views["holder_relation"], views["independence"])]
    return views


def view_independence() -> pd.DataFrame:
    """Every perspective counted by who holds it and who published the copy read: the table
    notebook 08 shows, so a learner sees the two ratings disagree."""
    views = _with_independence(data.load("perspectives"))
    return pd.crosstab(views["holder_relation"], views["independent_copy"].map({True: "independent copy", False: "not independent copy"}),
                       margins=True, margins_name="total")


def _sources() -> pd.DataFrame:
    return data.load("sources")[["source_id", "publisher", "independence"]]


def outside_checks() -> pd.DataFrame:
    """Every claim that has an outside figure, with who gives it, how independent that is, and
    whether the two figures measure the same thing (`comparable`)."""
    claims = data.load("claims")
    checks = claims[claims["outside_value"].notna()].merge(
        _sources(), left_on="outside_source_id", right_on="source_id", how="left")
    checks["independent"] = checks["independence"].map(is_independent)
    return checks[["claim_id", "doc_id", "para_no", "value", "unit", "counted", "quote", "outside_value",
                   "comparable", "outside_note", "publisher", "independence", "independent"]]


def gaps(checks: pd.DataFrame) -> pd.DataFrame:
    """The gap between stated and outside figure, computed only where they measure the same thing.

    A percentage gap between 183 countries with diplomatic ties and 193 UN members, or between a
    metaphor and a count, would be a number without a meaning; those rows are left out, not zeroed.
    """
    if "comparable" not in checks.columns:
        raise ValueError("gaps() needs the `comparable` column of claims: pass the result of outside_checks()")
    same = checks[checks["comparable"] == "same_measure"].copy()
    same["gap"] = same["outside_value"] - same["value"]
    same["gap_percent"] = (same["gap"] / same["value"] * 100).round(1)
    return same


def perspectives_for(target_type: str, target_id: str) -> pd.DataFrame:
    """What other named holders say about one claim, concept, event or statement, each with the
    independence of the source it was read in and of its holder; `independent` needs both."""
    if target_type not in _TARGETS:
        raise ValueError(f"target_type must be one of {', '.join(_TARGETS)}, not {target_type!r}")
    table, key, _ = _TARGETS[target_type]
    if target_id not in set(data.load(table)[key]):
        raise ValueError(f"There is no {target_type} {target_id!r} in {table}.csv")
    views = data.load("perspectives")
    mine = views[(views["target_type"] == target_type) & (views["target_id"] == target_id)]
    return _with_independence(mine).reset_index(drop=True)


@dataclass
class WeighBlock:
    """A "How would you weigh this?" block: the text's words, then each holder's view.

    Renders as HTML in a notebook; `text` is the same content as plain lines, for tests and
    screen readers.
    """

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html


def _text_quote(target_type: str, target_id: str) -> tuple[str, str]:
    table, key, column = _TARGETS[target_type]
    row = data.load(table).set_index(key).loc[target_id]
    author = "Wang Yi" if row["doc_id"] == "wang_yi_2025" else "He Yin"
    return author, row[column]


def _outside_figure(claim_id: str) -> list[tuple[str, str]]:
    """The outside figure of a claim, as (plain text, HTML) items; none where it has no figure."""
    check = outside_checks().set_index("claim_id")
    if claim_id not in check.index:
        return []
    row = check.loc[claim_id]
    where = f"{row['publisher']} ({INDEPENDENCE_LABELS[row['independence']]})"
    figure = f"{row['outside_value']:,.10g}: {row['outside_note']} [{row['comparable'].replace('_', ' ')}]"
    return [(f"Outside figure {figure} Source: {where}",
             f"<b>Outside figure</b> {html.escape(figure)}<br><small>Source: {html.escape(where)}</small>")]


def _view_items(views: pd.DataFrame) -> list[tuple[str, str]]:
    """Each holder's view, attributed, with its source's independence in plain words."""
    if views.empty:
        note = "The dataset holds no other view on this yet."
        return [(note, f"<em>{note}</em>")]
    items = []
    for row in views.itertuples():
        where = f"{row.publisher} ({INDEPENDENCE_LABELS[row.independence]})"
        kind = f"{row.holder_kind.replace('_', ' ')}, {HOLDER_LABELS[row.holder_relation]}; {STANCE_LABELS[row.stance]}"
        items.append((f"{row.holder} [{kind}]: {row.summary} “{row.quote}” Source: {where}",
                      f"<b>{html.escape(row.holder)}</b> <small>({html.escape(kind)})</small><br>"
                      f"{html.escape(row.summary)}<br><q>{html.escape(row.quote)}</q><br>"
                      f"<small>Source: {html.escape(where)}</small>"))
    return items


def _statement_notes(statement_id: str) -> list[tuple[str, str]]:
    """What would settle a statement, and its reading lesson where it has one."""
    row = data.load("statements").set_index("statement_id").loc[statement_id]
    notes = [("What would settle it", row["evidence_that_would_settle_it"])]
    if pd.notna(row["reading_lesson"]):
        notes.append(("Reading lesson", row["reading_lesson"]))
    return [(f"{label}: {note}", f"<b>{html.escape(label)}:</b> {html.escape(note)}") for label, note in notes]


def weigh(target_type: str, target_id: str) -> WeighBlock:
    """The block shown beside a claim in the notebooks: what the text says, the outside figure,
    what others say, how independent each source is, and the question for the learner.
    No verdict: the reader weighs."""
    views = perspectives_for(target_type, target_id)
    author, quote = _text_quote(target_type, target_id)
    items = _outside_figure(target_id) if target_type == "claim" else []
    items += _view_items(views)
    if target_type == "statement":
        items += _statement_notes(target_id)
    independent = int(views["independent"].astype(bool).sum())
    views_come = "view comes" if len(views) == 1 else "views come"
    question = (f"{independent} of {len(views)} {views_come} from a third party, read in a copy independent of the texts' government. "
                "Which would you trust to settle the point, and what would you still want to know?")
    lines = [f"How would you weigh this? {author} writes: “{quote}”"] + [f"- {plain}" for plain, _ in items] + [question]
    block = ("<div style=\"border-left:4px solid #0072B2;padding:0.3em 0.8em;margin:0.5em 0\">"
             f"<p><b>How would you weigh this?</b> {html.escape(author)} writes: <q>{html.escape(quote)}</q></p>"
             f"<ul>{''.join(f'<li>{markup}</li>' for _, markup in items)}</ul>"
             f"<p><em>{html.escape(question)}</em></p></div>")
    return WeighBlock(html=block, text="\n".join(lines))


def _event_sources(claims: pd.DataFrame) -> pd.Series:
    """For claims of kind `event`: the source of the dated event of the same paragraph and year."""
    events = data.load("events").merge(_sources(), on="source_id", how="left")
    found = {}
    for row in claims[claims["statement_kind"] == "event"].itertuples():
        same = events[(events["doc_id"] == row.doc_id) & (events["para_no"] == row.para_no)
                      & events["date"].str.startswith(str(int(row.year)) if pd.notna(row.year) else "~")
                      & events["source_id"].notna()]
        if not same.empty:
            found[row.claim_id] = same.iloc[0]["independence"]
    return pd.Series(found, dtype=object)


def _items(notebook: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    claims, statements = data.load("claims"), data.load("statements")
    if notebook == "08":
        return claims, statements
    if notebook == "07":
        return claims.iloc[0:0], statements
    if notebook not in NOTEBOOK_PARAGRAPHS:
        raise ValueError(f"notebook must be one of 02 ... 08, not {notebook!r}")

    def of(frame):
        keep = pd.Series(False, index=frame.index)
        for doc_id, paras in NOTEBOOK_PARAGRAPHS[notebook].items():
            keep |= (frame["doc_id"] == doc_id) & frame["para_no"].isin(paras)
        return frame[keep]
    return of(claims), of(statements)


def checkability(notebook: str) -> pd.DataFrame:
    """For each claim and statement of a notebook: what evidence the dataset holds and whether a
    learner can check it independently of the texts' government.

    The verdict column only says what the dataset holds, in a few words (a table cell): an
    independent check, a check from the government, its media or a copy only, nothing yet, or
    nothing possible (a value, an aspiration, a framing).
    """
    claims, statements = _items(notebook)
    views = _with_independence(data.load("perspectives"))
    sources = _sources().set_index("source_id")["independence"]
    event_sources = _event_sources(claims)
    rows = []
    for row in claims.itertuples():
        mine = views[(views["target_type"] == "claim") & (views["target_id"] == row.claim_id)]
        found = []
        # a metaphor's number ("some 190 small boats") is not a count: a UN figure beside it checks nothing
        if pd.notna(row.outside_source_id) and row.comparable != "not_a_count":
            found.append(_copy_evidence(sources[row.outside_source_id]))
        if row.claim_id in event_sources.index:
            found.append(_copy_evidence(event_sources[row.claim_id]))
        found += _view_evidence(mine)
        rows.append(_verdict(row.claim_id, "claim", row.quote, found,
                             row.statement_kind in ("value", "aspiration")))
    for row in statements.itertuples():
        mine = views[(views["target_type"] == "statement") & (views["target_id"] == row.statement_id)]
        rows.append(_verdict(row.statement_id, "statement", row.quote, _view_evidence(mine),
                             row.evidence_status == "not_checkable"))
    return pd.DataFrame(rows, columns=["id", "kind", "quote", "evidence", "check_independently"])


# A view's holder, in a few words, where the holder and not the copy decides: a party to the act
# or the texts' own government is not independent evidence, whoever published the page.
SHORT_HOLDER_LABELS = {"own_government": "texts' government", "party": "a party to it"}


def _copy_evidence(independence: str) -> tuple[str, bool]:
    return SHORT_LABELS[independence], is_independent(independence)


def _view_evidence(views: pd.DataFrame) -> list[tuple[str, bool]]:
    return [(SHORT_HOLDER_LABELS[row.holder_relation], False) if row.holder_relation in SHORT_HOLDER_LABELS
            else _copy_evidence(row.independence) for row in views.itertuples()]


def _verdict(item_id: str, kind: str, quote: str, found: list[tuple[str, bool]], uncheckable: bool) -> dict:
    short = quote if len(quote) <= 48 else quote[:45] + "..."
    independent = [label for label, ok in found if ok]
    if independent:
        evidence = "independent: " + ", ".join(sorted(set(independent)))
        verdict = "yes"
    elif found:
        evidence = "only " + ", ".join(sorted({label for label, _ in found}))
        verdict = "no"
    elif uncheckable:
        evidence = "cannot be settled by evidence"
        verdict = "no"
    else:
        evidence = "none in the dataset yet"
        verdict = "no"
    return {"id": item_id, "kind": kind, "quote": short, "evidence": evidence, "check_independently": verdict}
