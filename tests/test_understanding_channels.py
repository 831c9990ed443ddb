"""Exercise 03 Q11 asks which channel a sentence describes; notebook 03's `discourse.channel_of` places a
sentence by its cue words. The cue list must not be the key: a learner who runs it on their items, maps
each body to its option and answers "names none" where it finds no cue, must fail for most students."""
from shared_future import data, discourse
from shared_future.checks import CheckError, ex03, variants

OPTION_OF_BODY = {"idcpc": "B", "cpaffc": "C", "cpc_cc": "D", "cfac": "D", "mfa": "E"}
BODIES = data.load("bodies")
STUDENTS = [f"learner {n}" for n in range(400)]  # enough names that the share is not luck


def cue_answer(student: str) -> list[str]:
    bodies = BODIES
    letters = []
    for item in ex03.q11.pool.draw(student):
        found = discourse.channel_of(item.shows.sentence(), bodies)
        letters.append(OPTION_OF_BODY.get(found[0], "F") if len(found) == 1 else "F")
    return letters


def passes(student: str) -> bool:
    with variants.seeded(student):
        try:
            ex03.q11(cue_answer(student))
        except CheckError:
            return False
    return True


def test_the_cue_words_answer_the_channel_question_for_few_students():
    share = sum(passes(s) for s in STUDENTS) / len(STUDENTS)
    assert share < 0.15, f"the cue strategy earns Q11 for {share:.0%} of students"


def test_every_option_of_the_channel_question_is_reachable_without_a_cue():
    """Some right answers are sentences with no cue word at all: reading, not matching, places them."""
    bodies = data.load("bodies")
    uncued = {item.key() for item in ex03.q11.pool.items if not discourse.channel_of(item.shows.sentence(), bodies)}
    assert uncued - {"F"}, "every sentence whose channel is not 'none' carries its body's cue word"
