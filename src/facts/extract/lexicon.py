"""The words of attribution: verbs of saying in their forms, and what may follow them."""

from __future__ import annotations

SPEECH_VERBS = frozenset(
    """
    said says say told tells added adds stressed stresses cautioned cautions confirmed confirms reiterated
    reiterates emphasized emphasizes emphasised emphasises noted notes warned warns explained explains
    argued argues insisted insists acknowledged acknowledges announced announces stated states declared
    declares remarked remarks wrote writes mentioned mentions asserted asserts claimed claims maintained
    maintains contended contends observed replied responded recalled recalls predicted predicts suggested
    suggests urged urges conceded concedes admitted admits affirmed affirms reaffirmed reaffirms
    highlighted highlights underscored underscores testified tweeted posted outlined outlines estimated
    estimates concluded concludes vowed vows promised promises pledged pledges revealed reveals disclosed
    countered counters agreed complained complains believes thinks expects hopes
    """.split()
)
# "-ing" forms that continue the sentence's attribution: "Iraq reiterated ..., reiterating that ...".
PARTICIPLES = frozenset(
    """
    adding noting saying stressing warning emphasizing emphasising reiterating telling arguing insisting
    explaining acknowledging cautioning confirming declaring asserting claiming suggesting urging vowing
    pledging promising stating highlighting underscoring
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
# Verbs that may take a clause without "that": "Singh said the US is not withdrawing".
CLAUSE_VERBS = frozenset(
    """
    said says added adds believes believe thinks insisted insists argued argues wrote writes conceded
    claimed claims contended maintained asserted
    """.split()
)
DETERMINER_PATTERN = r"(?:its|their|his|her|our|a|an|the)"
# Words after "said" that start an adverbial, not the reported clause: "said on Friday".
NOT_A_CLAUSE = (
    r"(?:on|in|at|during|to|of|for|with|by|from|after|before|as|yesterday|today|tonight|last|this|earlier|"
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
