"""The words of attribution: verbs of saying in their forms, and what may follow them."""

from __future__ import annotations

import re

# Verbs of saying and writing, as lemmas. Verbs of thinking and agreeing (believe, think, expect,
# hope, agree) are not among them: a claim needs someone who said or wrote it.
SAYING_LEMMAS = """
    say tell add reply exclaim note claim insist complain argue assert speculate clarify report announce
    boast write tweet post respond ask explain state declare remark mention maintain contend observe
    recall predict warn caution stress emphasize emphasise reiterate confirm acknowledge admit concede
    affirm reaffirm testify counter retort quip joke shout yell whisper muse recount allege charge
    conclude disclose reveal elaborate highlight underscore suggest promise pledge vow urge deny hint
    acknowledge comment inform tout lament scoff concur protest plead proclaim outline
    rule submit echo accuse dispute refute rebut reject question wonder inquire call
    """.split()
# Forms that do not follow the rules of -s, -ed and -ing.
_IRREGULAR = {
    "say": ("says", "said", "saying"),
    "tell": ("tells", "told", "telling"),
    "write": ("writes", "wrote", "writing"),
    "tweet": ("tweets", "tweeted", "tweeting"),
    "quip": ("quips", "quipped", "quipping"),
    "admit": ("admits", "admitted", "admitting"),
    "plead": ("pleads", "pleaded", "pleading"),
    "submit": ("submits", "submitted", "submitting"),
    "rebut": ("rebuts", "rebutted", "rebutting"),
    "echo": ("echoes", "echoed", "echoing"),
}


def inflections(lemma: str) -> tuple[str, str, str]:
    """Return a regular verb's third person, past and -ing forms: "argue" gives argues, argued, arguing."""
    if lemma in _IRREGULAR:
        return _IRREGULAR[lemma]
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"
    third = lemma + ("es" if lemma.endswith(("s", "sh", "ch", "x", "z")) else "s")
    if lemma.endswith("e"):
        return third, lemma + "d", (lemma if lemma.endswith("ee") else lemma[:-1]) + "ing"
    return third, lemma + "ed", lemma + "ing"


_FORMS = {lemma: (lemma, *inflections(lemma)) for lemma in SAYING_LEMMAS}
# Every finite form of a verb of saying: "assert" as well as "asserted".
SPEECH_VERBS = frozenset(form for forms in _FORMS.values() for form in (forms[0], forms[1], forms[2]))
LEMMA_OF = {form: lemma for lemma, forms in _FORMS.items() for form in forms}
# "-ing" forms that continue a sentence's attribution: "Iraq reiterated ..., reiterating that ...".
PARTICIPLES = frozenset(forms[3] for forms in _FORMS.values())
# Forms that are more often nouns or other words than verbs of saying in narration.
AMBIGUOUS = frozenset(
    """
    post posts charge charges report reports claims comment comments remarks notes states tweets tweet
    counters replies promises pledges vows urges hints concludes recalls warns cautions charged
    rules echoes questions question rule echo submit state
    """.split()
)
# Verbs whose object can itself be the claim: "Both countries reaffirmed their commitment to ...".
OBJECT_VERBS = frozenset(
    """
    reiterated reiterates reaffirmed reaffirms emphasized emphasizes emphasised stressed stresses
    underscored underscores outlined outlines announced announces highlighted highlights expressed
    expresses voiced pledged pledges vowed promised confirmed confirms
    """.split()
)
# "called the deal “a disaster”", "calling him a “loser”": "call" reports words only with an object and
# then a quotation (masked); never "called for", "called on", nor a name given ("a group called “…”").
CALLED = re.compile(
    r"\s+(?!(?:for|on|in|off|out|up|back|upon|it\s+quits)\b)(?P<what>[^\s\x00\"]+(?:\s+[^\s\x00\",;:.]+){0,10}?)"
    r"\s+(?:(?:a|an|the|his|her|their|its|our)\s+)?\"(?=\x00)"
)
DETERMINER_PATTERN = r"(?:its|their|his|her|our|a|an|the)"
# Words after "said" that start an adverbial, not the reported clause: "said on Friday".
NOT_A_CLAUSE = (
    r"(?:on|in|at|during|to|not|of|for|with|by|from|after|before|as|upon|about|over|against|into|yesterday|"
    r"today|tonight|last|this|earlier|"
    r"later|recently|previously|repeatedly|again|nothing|so|too|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday)"
)

# Words that end a speaker phrase after the verb: "said Sabrina Singh| during a press conference".
PHRASE_ENDS = frozenset(
    """
    on during at in when while who which that after before as adding telling noting because since to
    told according but and about via amid last this earlier later yesterday today
    """.split()
)
