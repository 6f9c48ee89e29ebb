"""decoding.py: a saved article's bytes -> text, by its byte order mark, with nothing XML cannot hold."""
from __future__ import annotations

import codecs

import pytest

from timeline.decoding import decode_marked, looks_like_html, page_language, xml_safe_text

PAGE = '<!doctype html><html lang="ru"><body><p>Встреча в Брюсселе</p></body></html>'


@pytest.mark.parametrize("encoding, mark", [("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE),
                                            ("utf-16-be", codecs.BOM_UTF16_BE), ("utf-32-le", codecs.BOM_UTF32_LE),
                                            ("utf-32-be", codecs.BOM_UTF32_BE)])
def test_a_marked_page_is_read_as_its_mark_says_and_known_for_a_page(encoding, mark):
    data = mark + PAGE.encode(encoding)
    assert decode_marked(data) == PAGE
    assert looks_like_html(data)


def test_bytes_without_a_mark_are_left_to_the_caller_and_plain_text_is_not_a_page():
    assert decode_marked(PAGE.encode("utf-8")) is None
    assert looks_like_html(PAGE.encode("utf-8")) and looks_like_html(PAGE.encode("windows-1251"))
    assert not looks_like_html(codecs.BOM_UTF16_LE + "MOSCOW, May 6 (Reuters) - Talks.".encode("utf-16-le"))


def test_a_cut_off_last_character_costs_one_character_not_the_article():
    data = codecs.BOM_UTF16_LE + "Talks resume".encode("utf-16-le")[:-1]
    assert decode_marked(data) == "Talks resum\ufffd"


def test_characters_xml_cannot_hold_become_spaces_whether_raw_or_written_as_references():
    text = "a\x01b&#1;c&#xFFFE;d&#x41;e&#65;f\ufffeg"
    assert xml_safe_text(text) == "a b c d&#x41;e&#65;f g"


def test_the_pages_language_is_read_from_its_html_element():
    assert page_language(PAGE) == "ru" and page_language("<p>no language</p>") is None
