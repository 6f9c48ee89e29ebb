"""Who an article names and who it quotes: actors by their spellings, tags by their words, speakers."""
from __future__ import annotations

from tests.test_importer import ACTORS
from timeline.content import parse_actors, parse_tags
from timeline.mentions import ActorMatcher, find_quotations, quoted_speech, suggest_tags


def matcher() -> ActorMatcher:
    actors, problems = parse_actors(ACTORS, "actors.yaml")
    assert not problems
    return ActorMatcher(actors)


def test_actor_matching_rules():
    match = matcher()
    ranked = lambda text: dict(match.ranked(text))  # noqa: E731
    # Capitals in a spelling are required: "us" and "cannon" are words, "US" and "Cannon" are actors.
    assert ranked("Tell us about the cannon.") == {}
    assert ranked("The US and Cannon agreed. THE US AGREED.") == {"united-states": 2, "lawrence-cannon": 1}
    # A capital used as a place is not the government; used as an actor it is.
    assert ranked("An office in Moscow closed. Moscow said so; Washington's envoy stayed in Washington.") == \
        {"russia": 1, "united-states": 1}
    # The longest spelling wins, and words must be whole: "NIO" is not in "UNION", "Russia" not in "Russian".
    assert ranked("Sergey Lavrov visited the NATO Information Office. The UNION of Russian towns met.") == \
        {"sergei-lavrov": 1, "nato-information-office": 1}
    # Russian words take case endings; acronyms keep their capitals.
    assert ranked("Глава МИД России Сергей Лавров встретился с Лавровым; в НАТО и ЕС, если так.") == \
        {"russia": 1, "sergei-lavrov": 2, "nato": 1, "european-union": 1}
    assert ranked("в России") == {}  # a one-word country alias after a place word


def test_quotations_and_speakers():
    paragraphs = ['"We will not be drawn into this quarrel," Lavrov said. "It helps nobody at all."',
                  'Asked again, he repeated: "We have nothing more to add today."',
                  '"The door stays open for serious talks," the minister said.',
                  '"Short quote," said somebody.',
                  '«Мы не будем отвечать на это сегодня», — сказал Лавров журналистам.']
    quotes = [(q.speaker, q.text) for q in find_quotations(paragraphs, matcher())]
    assert quotes == [("Sergei Lavrov", "We will not be drawn into this quarrel"),
                      ("Sergei Lavrov", "It helps nobody at all."),
                      ("Sergei Lavrov", "We have nothing more to add today."),
                      ("Sergei Lavrov", "The door stays open for serious talks"),
                      ("Sergei Lavrov", "Мы не будем отвечать на это сегодня")]


def test_a_quotation_needs_a_few_words_and_finds_its_attribution_on_either_side():
    found = quoted_speech(['He said "no" twice. "We are leaving the talks today," the envoy told reporters.',
                           'The minister declared: "This will not stand for long at all."'])
    assert [(q.text, q.who, q.paragraph) for q in found] == [
        ("We are leaving the talks today", "the envoy", 0),
        ("This will not stand for long at all.", "The minister", 1)]


def test_tags_need_their_name_or_two_description_words_and_common_words_say_nothing():
    tags, problems = parse_tags("""\
expulsions:
  name: Expulsions
  description: Diplomats expelled or stripped of accreditation.
arms-control:
  name: Arms control
  description: Treaties limiting weapons and forces.
diplomacy:
  name: Diplomacy
  description: Talks between NATO and Russia.
summits:
  name: Summits
  description: Meetings of NATO and Russia leaders.
""", "tags.yaml")
    assert not problems
    scored = dict(suggest_tags("Russia expelled two officials; their accreditation was withdrawn. NATO and Russia.", tags))
    assert list(scored) == ["expulsions"]
    assert "arms-control" in dict(suggest_tags("A treaty limiting weapons was signed.", tags))
    assert suggest_tags("NATO and Russia. Russia and NATO.", tags) == []


def test_spellings_that_begin_with_punctuation_or_sit_inside_unspaced_script_are_found():
    more_spellings = (ACTORS.replace("[US, USA, Washington, США]", "[US, USA, U.S., Washington, США, 美国]")
                      .replace("the Alliance, НАТО]", "the Alliance, НАТО, 北约]"))
    actors, problems = parse_actors(more_spellings + """\
united-russia:
  name: United Russia
  kind: organization
  aliases: ["«Единая Россия»"]
g7:
  name: G7
  kind: organization
  aliases: ["(G7)", 七国集团]
""", "actors.yaml")
    assert "美国" in more_spellings and "北约" in more_spellings
    assert not problems
    ranked = lambda text: dict(ActorMatcher(actors).ranked(text))  # noqa: E731
    # A spelling that begins with a quotation mark or a bracket is found where it stands in the text,
    # and what it holds is not counted again: «Единая Россия» is the party, not Russia.
    assert ranked("Партия «Единая Россия» поддержала Россию.") == {"united-russia": 1, "russia": 1}
    assert ranked("Leaders of the (G7) met.") == {"g7": 1}
    # Chinese and Japanese write no spaces: a name sits inside a longer run of letters.
    assert ranked("北约秘书长说，美国和北约将在七国集团会议上讨论。") == {"nato": 2, "united-states": 1, "g7": 1}
    # A spelling that ends with a full stop still starts at a word: "U.S." and its hyphenated use.
    assert ranked("The U.S. and U.S.-led forces; BUS.S. is nothing.") == {"united-states": 2}
