"""Speakers that are people or bodies, and spans of only the words reported, on texts written for the test."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from facts.extract import extract_claims


def claims_of(body: str) -> list[dict[str, Any]]:
    text = "A headline for the test\n\n" + body
    return [dict(c) for c in extract_claims(text, file="t.txt", published=date(2025, 3, 4)).claims]


def said(body: str) -> set[tuple[str, str]]:
    """Return (speaker, text) of every claim proposed from a body of text."""
    return {(c["speaker"]["name"], c["text"]) for c in claims_of(body)}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # a first name that is also a modal verb is still a name
            "County Chairman Will Haddon, for example, said the hall would close.",
            ("Will Haddon", "the hall would close"),
        ),
        (
            "Theresa Mayhew and Ann May met. Ann May said the ferry was late again.",
            ("Ann May", "the ferry was late again"),
        ),
        (  # a time between the speaker and the verb
            "Press officer Dan Ruiz on Thursday evening said the talks had failed.",
            ("Dan Ruiz", "the talks had failed"),
        ),
        (  # a time before or after the speaker's name is not part of it
            "In 2017 Orbitel said it would stop selling the phones.",
            ("Orbitel", "it would stop selling the phones"),
        ),
        (
            "Orbitel in 2019 said it would sell the plant.",
            ("Orbitel", "it would sell the plant"),
        ),
        (  # a group with what describes it is named as the text describes it
            "Council members backing the plan have said they will vote for it in May.",
            ("Council members backing the plan", "they will vote for it in May"),
        ),
        (
            "Some 60 percent of tenants polled said they would leave within a year.",
            ("Some 60 percent of tenants polled", "they would leave within a year"),
        ),
        (  # the listener after "told" is skipped when the cue follows its content
            "The school will close in June, a district spokesman told The Valley Times.",
            ("district spokesman", "The school will close in June"),
        ),
    ],
)
def test_speaker_and_content(body: str, expected: tuple[str, str]) -> None:
    """Each construction gives the claim with the speaker the text names."""
    assert expected in said(body)


def test_a_trailing_cue_is_not_part_of_another_speakers_content() -> None:
    """ "The council said that X, a spokesman said" gives the council X, without ", a spokesman said"."""
    claims = said("The council said that the pier had been sold, a spokesman said.")
    assert ("The council", "the pier had been sold") in claims
    assert not any(text.endswith("said") for _, text in claims)


def test_a_capitalised_word_the_text_also_writes_in_lower_case_is_not_a_name() -> None:
    """ "Similar" opening a sentence is not a person a later "he" can name."""
    body = (
        "Dana Whitlock sold the rifle at auction. Similar rifles sell for far less, and similar "
        'sales are rare.\n\n"It was the right time," he wrote.'
    )
    speakers = {c["speaker"]["name"] for c in claims_of(body)}
    assert "Similar" not in speakers


def test_reported_content_never_ends_in_a_space() -> None:
    """A content cut before a masked quotation is trimmed to its last word."""
    text = "““the official said  said “““ said ."
    for claim in extract_claims(text, file="a.txt", published=date(2025, 3, 4)).claims:
        assert claim["text"] == claim["text"].strip()


def test_a_clause_of_asking_or_an_adverb_after_said_is_not_content() -> None:
    """ "said when asked about the tolls" and "said happily on the radio" report nothing."""
    body = '"We will see," Ruiz said when asked about the tolls. "It is done," Lee said happily on the radio.'
    assert {text for _, text in said(body)} == {"We will see", "It is done"}


def test_a_clause_joined_to_a_described_group_is_not_its_name() -> None:
    """ "The council voted 6-1 for the motion, which" is no speaker."""
    body = "The council voted 6-1 for the motion which the mayor said was unlawful."
    assert not any(name.startswith("The council voted") for name, _ in said(body))


@pytest.mark.parametrize(
    "opener", ["Border agents stopped the truck.", "Similar complaints were filed in May."]
)
def test_a_word_before_a_plural_noun_and_its_verb_is_not_a_subject(opener: str) -> None:
    """ "Border agents stopped ..." does not make "Border" a person a later "he said" names."""
    assert said(f'{opener} "It was full," he said.') == set()


def test_called_with_a_quotation_reports_what_was_called_and_the_words() -> None:
    """ "Rubin called the levy “a tax on the poor.”" is Rubin's claim, the object and the quoted words."""
    claims = said("Councillor Jo Rubin called the new levy “a tax on the poor.” Others agreed.")
    assert ("Jo Rubin", "the new levy “a tax on the poor.”") in claims


@pytest.mark.parametrize(
    "body",
    [
        "Mayor Ana Ruiz called for calm after the vote on the levy.",
        "Mayor Ana Ruiz called on residents to “stay indoors tonight.”",
        "The tenants formed a group called “Friends of Gull Park” last year.",
    ],
)
def test_called_without_an_object_and_a_quotation_reports_nothing(body: str) -> None:
    """ "called for", "called on" and a name given are not words reported by "call"."""
    assert not any(text.startswith(("calm", "residents", "Friends")) for _, text in said(body))
    assert all(c["cue_lemma"] != "call" for c in claims_of(body))


def test_the_subject_after_an_opening_phrase_is_who_a_later_she_names() -> None:
    """ "In Dunmore on March 1, Ms. Odede was ..." makes Odede the "she" of the next sentence."""
    body = (
        "A campaign spokeswoman declined to comment.\n\n"
        "In Dunmore on March 1, Ms. Odede was shocked by the crowd. She said she had been pushed twice."
    )
    assert ("Odede", "she had been pushed twice") in said(body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (  # a verb of saying opening its sentence, before the speaker
            'Said Ruiz, "The thought that we lost the pier is painful to us."',
            ("Ruiz", "The thought that we lost the pier is painful to us."),
        ),
        (  # "She said:" and the quotation in the next paragraph
            'Mayor Ana Ruiz spoke first. She said:\n\n"We will rebuild the pier and do it this year."',
            ("Ana Ruiz", "We will rebuild the pier and do it this year."),
        ),
        (  # "by saying" is said by the subject of the sentence
            "Ruiz ended her speech by saying “Too many people have left the town.”",
            ("Ruiz", "Too many people have left the town."),
        ),
    ],
)
def test_quotation_constructions(body: str, expected: tuple[str, str]) -> None:
    """Each construction gives the quotation to the speaker the text names."""
    assert expected in said(body)


def test_a_possessive_is_never_a_speaker() -> None:
    """ "The Granite State's primary ..." names whose, not who: no speaker "The Granite State's"."""
    body = "The Granite State's voters, by saying they would stay home, alarmed the party."
    assert not any(name.endswith("’s") or name.endswith("'s") for name, _ in said(body))


def test_a_noun_with_an_article_after_a_quotation_is_its_speaker() -> None:
    """'"…," the narrator says' gives the quotation to an unnamed narrator."""
    body = '"We need leaders who will stand up for the pier," the narrator says in the advert.'
    assert ("unnamed narrator", "We need leaders who will stand up for the pier") in said(body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "As Okafor noted on Friday, the tenants will not pay the new levy.",
            ("Okafor", "the tenants will not pay the new levy"),
        ),
        (
            "As reported by the Valley Times, the council sold the pier in March.",
            ("the Valley Times", "the council sold the pier in March"),
        ),
    ],
)
def test_as_x_noted_reports_the_clause_after_the_comma(body: str, expected: tuple[str, str]) -> None:
    """ "As X noted, CONTENT" and "As reported by X, CONTENT" give X the clause after the comma."""
    assert expected in said(body)


def test_two_names_joined_by_and_do_not_split_the_clause() -> None:
    """ "the votes of Ruiz and Park can be counted" is a clause whose verb comes after "and"."""
    body = "Okafor says the votes of Ruiz and Park can be counted as support for the levy."
    assert ("Okafor", "the votes of Ruiz and Park can be counted as support for the levy") in said(body)


def test_a_spokesman_of_one_body_is_not_the_press_secretary_of_another() -> None:
    """ "a Gullnet spokesman" keeps the quotation when the council's press secretary is named later."""
    body = (
        '"Threats have no place on our site," a Gullnet spokesman said.\n\n'
        '"We are watching," said council press secretary Dana Ode.'
    )
    assert ("Gullnet spokesman", "Threats have no place on our site") in said(body)


def test_a_party_member_is_an_unnamed_speaker() -> None:
    """ "added a Gull County Democrat" names an unnamed speaker of that description."""
    body = "“The gap is awfully large,” added a Gull County Democrat. “She has closed it before.”"
    assert ("Gull County Democrat", "The gap is awfully large") in said(body)


def test_the_subject_after_a_time_and_a_place_is_who_a_later_he_names() -> None:
    """ "The day before, at a rally in Dunmore, Pa., Mr. Okafor was ..." makes Okafor the next "he"."""
    body = (
        '"It is a suspension of reason," Mr. Lund declared on Sunday.\n\n'
        'The day before, at a rally in Dunmore, Pa., Mr. Okafor was just as blunt. "You would have to be '
        'mad," he said.'
    )
    assert ("Okafor", "You would have to be mad") in said(body)


def test_a_verb_that_is_often_a_noun_is_a_cue_after_a_quotation() -> None:
    """'"…," Okafor notes.' is Okafor's quotation; "His claims were false." is no cue."""
    assert ("Okafor", "Look at the statement the council put out") in said(
        '"Look at the statement the council put out," Okafor notes. "It was different in tone."'
    )
    assert said("His claims were false, and the council said nothing more.") == set()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Rent controls are a classic remedy, as Dana Ode noted in The Valley Times.",
            ("Dana Ode", "Rent controls are a classic remedy"),
        ),
        (
            "The charter matters to the movement, as the Gull Foundation notes.",
            ("the Gull Foundation", "The charter matters to the movement"),
        ),
    ],
)
def test_content_then_as_x_noted(body: str, expected: tuple[str, str]) -> None:
    """ "CONTENT, as X noted in The Valley Times." and "..., as X notes." give X the content."""
    assert expected in said(body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Two-thirds of tenants said they would leave the block within a year.",
            ("Two-thirds of tenants", "they would leave the block within a year"),
        ),
        (
            "Both campaigns said they would accept the result of the recount.",
            ("both campaigns", "they would accept the result of the recount"),
        ),
    ],
)
def test_fractions_and_plural_bodies_are_speakers(body: str, expected: tuple[str, str]) -> None:
    """A fraction of a group and a plural body ("Both campaigns") speak."""
    assert expected in said(body)


def test_went_on_to_say_is_said_by_the_subject_and_declined_to_say_is_not() -> None:
    """ "Okafor went on to say, “…”" is Okafor's quotation; "declined to say whether" reports nothing."""
    assert ("Okafor", "She once threw a book at an agent on her detail.") in said(
        "Okafor went on to say, “She once threw a book at an agent on her detail.”"
    )
    assert said("Ruiz declined to say whether the pier had been sold.") == set()
