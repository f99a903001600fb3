"""Constructions of attribution, each on a sentence written for the test: who said what, and where."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from facts.extract import extract_claims

PUBLISHED = date(2025, 3, 4)


def claims_of(body: str) -> list[dict[str, Any]]:
    text = "A headline for the test\n\n" + body
    return [dict(c) for c in extract_claims(text, file="t.txt", published=PUBLISHED).claims]


def said(body: str) -> set[tuple[str, str]]:
    """Return (speaker, text) of every claim proposed from a body of text."""
    return {(c["speaker"]["name"], c["text"]) for c in claims_of(body)}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # a role noun with its article is a speaker
            "According to the mayor, the bridge will reopen in May.",
            ("unnamed mayor", "the bridge will reopen in May"),
        ),
        (
            "The governor said the budget would be balanced by June.",
            ("unnamed governor", "the budget would be balanced by June"),
        ),
        (  # a lower-case adjective opens the role before a title and a name
            '"We lost that war," said retired Army Col. Dana Whitfield, who served two tours.',
            ("Dana Whitfield", "We lost that war"),
        ),
        (  # a verb joined to an earlier clause by "but has said" shares its subject
            "Okafor has voiced doubts but has said she wants the bill to pass.",
            ("Okafor", "she wants the bill to pass"),
        ),
        (  # a counted group is an unnamed speaker
            "About three in 10 said they would move away within five years.",
            ("About three in 10", "they would move away within five years"),
        ),
        (  # a subject of two ("she and her sister") before the clause's verb
            "Ms. Hale said she and her sister had warned the council twice.",
            ("Hale", "she and her sister had warned the council twice"),
        ),
        (  # a long setting before ", that"
            "Ruiz said Thursday during a visit to a depot in Leeds, West Yorkshire, that fares would rise.",
            ("Ruiz", "fares would rise"),
        ),
        (  # a sentence of present tense before ", X said."
            "The new line opens a route the town has lacked for decades, a council engineer said.",
            ("council engineer", "The new line opens a route the town has lacked for decades"),
        ),
        (  # "The" and a proper name is a body, not nobody
            "The Chamber of Trade said in a statement that stalls would lose custom.",
            ("The Chamber of Trade", "stalls would lose custom"),
        ),
        (  # a company with its ticker and a description before its verb
            "Brightmill Foods, Inc. (NASDAQ: BMF), a maker of oat bars, today announced that it will "
            "close its plant in Leeds.",
            ("Brightmill Foods", "it will close its plant in Leeds"),
        ),
        (  # a press release's dateline with its wire service is not the speaker
            "LEEDS, England, March 3, 2025 /Wirewell/ -- Brightmill Foods today announced that it will "
            "hire 200 people.",
            ("Brightmill Foods", "it will hire 200 people"),
        ),
        (  # "according to a report by ..."
            "According to a report by the county auditor, half the grants were never spent.",
            ("a report by the county auditor", "half the grants were never spent"),
        ),
        (  # "accused X of ..."
            "Councillor Ida Lamb accused the mayor of hiding the costs from residents.",
            ("Ida Lamb", "the mayor of hiding the costs from residents"),
        ),
        (  # the role, then the name after the verb: the name
            '"It is a fair price," said the firm\'s managing director, Tom Reed.',
            ("Tom Reed", "It is a fair price"),
        ),
        (  # double quotes inside single ones
            "'He told us, \"It is fixed\", and we believed him,' said Ana Holt.",
            ("Ana Holt", 'He told us, "It is fixed", and we believed him'),
        ),
        (  # single quotes inside double ones
            "\"She told me, 'Go home', and I did,\" said Ana Holt.",
            ("Ana Holt", "She told me, 'Go home', and I did"),
        ),
        (  # "--" as a dash inside a quotation and before its cue
            '"We were lucky -- very lucky," said Mayor Joan Pike.',
            ("Joan Pike", "We were lucky -- very lucky"),
        ),
        (  # a gerund subject is content, not an opening phrase
            "Waiting lists will grow before they shrink, its chief executive has conceded.",
            ("its chief executive", "Waiting lists will grow before they shrink"),
        ),
        (  # a cue after its content, with its time
            "The ferry will sail again by Friday, the operator confirmed on Monday.",
            ("the operator", "The ferry will sail again by Friday"),
        ),
        (  # a share of those polled, with the poll named after them
            "Most agree. 61 percent of tenants in a recent council survey said they feel safe at night.",
            ("61 percent of tenants in a recent council survey", "they feel safe at night"),
        ),
        (  # an aside opening with "when" between the speaker and the verb
            "The mayor's office, when contacted by the Gazette, said the budget was final.",
            ("The mayor's office", "the budget was final"),
        ),
        (  # a plural noun of people
            "In addition, local opponents have said that the quarry would poison the river.",
            ("local opponents", "the quarry would poison the river"),
        ),
        (  # a name, then an aside with no article, then the verb
            "Ruth Bain, dean of the Vallby law school, said the court had changed its tone.",
            ("Ruth Bain", "the court had changed its tone"),
        ),
        (  # "for the first time" before the clause, and a scare quote opening it
            'The ministry less than a week ago said for the first time that "secret" files had leaked.',
            ("The ministry", '"secret" files had leaked'),
        ),
        (  # "who said" after a name that ends the clause before
            "The cost was steep for Mr. Hale, who said he would take a day off.",
            ("Hale", "he would take a day off"),
        ),
        (  # a group with "in"
            "Many in the crowd said the mayor was the only candidate they trusted.",
            ("Many in the crowd", "the mayor was the only candidate they trusted"),
        ),
        (  # "that" inside the reported clause does not start it
            "Insiders said it is important that she close the gap.",
            ("unnamed insiders", "it is important that she close the gap"),
        ),
    ],
)
def test_speaker_and_content(body: str, expected: tuple[str, str]) -> None:
    """Each construction gives the speaker and the words the text attributes to them."""
    assert expected in said(body)


def test_a_setting_with_a_relative_clause_is_not_a_that_clause() -> None:
    """ "said on Monday, after a harvest that he called ..." keeps the content before the attribution."""
    found = said(
        "Exports will rise by a tenth, Minister Oskar Lind said on Monday, after a harvest that he "
        "called the largest in years."
    )
    assert found == {("Oskar Lind", "Exports will rise by a tenth")}


def test_a_question_that_ends_its_sentence_takes_the_speaker_after_it() -> None:
    """'"Why now?" Ms. Lee asked.' is Lee's, not the speaker of the sentence before."""
    found = said('The studio denied that a deal was close. "Why would we sign now?" Ms. Lee asked.')
    assert ("Lee", "Why would we sign now?") in found


def test_a_titled_subject_is_who_a_later_pronoun_names() -> None:
    """ "Labour adviser Cora Belt picked up ..." makes Belt, not Labour, the "she" of the next quote."""
    found = said(
        "Prime Minister Tom Arden spoke first. Labour adviser Cora Belt picked up the thread later. "
        '"Voters see it now," she said.'
    )
    assert ("Cora Belt", "Voters see it now") in found


def test_they_after_two_named_people_is_those_people() -> None:
    """ "They said in a joint statement" after two people are named goes to the two, not a body."""
    found = said(
        "Senators Laura Brandt and Eric Solano met on Tuesday. "
        "They said in a joint statement that talks would go on."
    )
    assert found == {("Senators Laura Brandt and Eric Solano", "talks would go on")}


def test_a_time_or_an_opening_clause_is_never_a_speaker() -> None:
    """ "Last Sunday's defeat" and "Hosting Lee at the academy" name no one; the pronoun finds Park."""
    found = said(
        'Hosting Lee at the academy "is our dream," Park said. Mina Park has not won since 2021. '
        'Last Sunday\'s defeat hurt. "We played badly," she said. Lee said the visit would go ahead.'
    )
    speakers = {speaker for speaker, _ in found}
    assert speakers == {"Mina Park", "Lee"}
    assert ("Mina Park", "We played badly") in found


def test_a_semicolon_bounds_a_reported_clause() -> None:
    """ "X said A; she added that B" gives two claims, each ending at its clause."""
    found = said("Minister Priya Lal said the plan had freed 2,000 beds; she added that more would follow.")
    assert found == {
        ("Priya Lal", "the plan had freed 2,000 beds"),
        ("Priya Lal", "more would follow"),
    }


def test_state_after_most_is_not_a_verb_of_saying() -> None:
    """In "most state laws required ...", "state" is no cue and "most" no speaker."""
    found = said("After the ruling, Hebert said, most state laws required photo identification.")
    assert found == {("Hebert", "most state laws required photo identification")}


def test_she_said_never_borrows_the_body_named_in_the_sentence_before() -> None:
    """'"…," she said' after a company's statement is the singer's, not the company's."""
    found = said(
        "The singer has fought her label for two years. Acme Records said the contract was binding. "
        '"I will not sing for them again," she said.'
    )
    assert ("unnamed singer", "I will not sing for them again") in found
    assert not any(speaker == "Acme Records" and "sing" in text for speaker, text in found)


def test_an_unresolved_tag_leaves_a_quotation_unattributed_rather_than_wrong() -> None:
    """With no one the "she" can be, the quotation is not given to the speaker of the sentence before."""
    found = said('Acme Records said the contract was binding. "I will not sing for them again," she said.')
    assert found == {("Acme Records", "the contract was binding")}
