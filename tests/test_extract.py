"""Saved articles -> headline, paragraphs and metadata, by general rules rather than one site's words."""
from __future__ import annotations

from timeline.decoding import looks_like_html
from timeline.extract import extract_html, extract_text, strip_site_name


def test_text_rules_without_a_site_word_list():
    article = extract_text("\n".join([
        "Menu", "Search", "Talks resume after a long pause",
        "Share this", "The council met for the first time in months on Friday, officials said.",
        "Advertisement",
        "Both sides described the meeting as businesslike and agreed to meet again.",
        "Both sides described the meeting as businesslike and agreed to meet again.",
        "Subheading",
        "A second session is planned for the spring, according to a joint statement.",
        "Diplomats said the agenda would be short.",
        "", "You may also like", "Another story entirely", "Kommentare anzeigen", "Показать комментарии"]))
    assert article.title == "Talks resume after a long pause"
    assert article.paragraphs == (
        "The council met for the first time in months on Friday, officials said.",
        "Both sides described the meeting as businesslike and agreed to meet again.",
        "A second session is planned for the spring, according to a joint statement.",
        "Diplomats said the agenda would be short.")


def test_a_standfirst_repeating_the_lead_is_kept_once_under_the_dateline():
    lead = "NATO and Russia agreed on Friday to resume formal talks after a long pause."
    article = extract_text("\n".join(["Talks resume", lead, "MOSCOW, May 6 (RIA Novosti) - " + lead,
                                        "Officials on both sides said the first meeting would follow soon."]))
    assert article.paragraphs == ("MOSCOW, May 6 (RIA Novosti) - " + lead,
                                  "Officials on both sides said the first meeting would follow soon.")
    assert article.dateline.agency == "RIA Novosti"


def test_html_metadata_gives_title_date_publisher_and_language():
    page = b"""<!doctype html><html lang="en-GB"><head><title>Talks resume | Example News</title>
<meta property="og:title" content="Talks resume">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2009-05-06T10:00:00Z">
</head><body><article><h1>Talks resume</h1>
<p>NATO and Russia agreed on Friday to resume formal talks after a long pause, officials said.</p>
<p>Both sides described the meeting as businesslike and agreed to meet again in the spring.</p>
</article></body></html>"""
    assert looks_like_html(page)
    article = extract_html(page, "https://news.example.org/talks")
    assert article.title == "Talks resume"
    assert str(article.published) == "PartialDate(year=2009, month=5, day=6)"
    assert article.publisher == "Example News" and article.language == "en"
    assert any("businesslike" in paragraph for paragraph in article.paragraphs)


def test_site_names_are_taken_off_titles():
    assert strip_site_name("Talks resume | Example News", "Example News") == "Talks resume"
    assert strip_site_name("Talks resume - Reuters", None) == "Talks resume - Reuters"
