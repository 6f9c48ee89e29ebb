"""What a reader sees first: the latest events, and the timeline and year pages in either order."""
from __future__ import annotations

import html5lib

from timeline import urls


def built(site, *args):
    result = site.run("build", "--no-search", *args)
    assert result.code == 0, result.err
    return result


def document(site, relative):
    return html5lib.parse((site.output / relative).read_bytes(), namespaceHTMLElements=False)


def listed(site, relative, selector=".//div[@id='timeline']//li"):
    """The ids of the event items a page lists, in page order."""
    return [item.get("id") for item in document(site, relative).iterfind(selector)]


def canonical(site, relative):
    return document(site, relative).find(".//link[@rel='canonical']").get("href")


def test_the_timeline_opens_with_the_five_latest_events_and_the_feed(busy_site):
    busy_site.event("2011-12-01-last", title="The last one", date="2011-12-01", actors="[nato]")
    built(busy_site)
    page = document(busy_site, "index.html")
    latest = page.find(".//section[@class='latest']")
    items = latest.findall("./ol/li")
    assert [item.find("a").text for item in items] == ["The last one", "Filler 35", "Filler 23", "Filler 11", "Filler 34"]
    assert [item.find(".//time").get("datetime") for item in items] == ["2011-12-01"] * 4 + ["2011-11-01"]
    assert items[0].find("a").get("href") == "/events/2011-12-01-last/"
    assert latest.find("./p/a").get("href") == "/feed.xml"
    # Above the overview: it is the first thing after the title.
    assert page.find(".//main/div[@id='glance']")[0] is latest


def test_the_latest_events_speak_the_pages_language(bilingual_site):
    built(bilingual_site)
    latest = document(bilingual_site, "ru/index.html").find(".//section[@class='latest']")
    assert latest.find("h2").text == "Последние события"
    first = latest.find("./ol/li")
    assert first.find(".//time").text == "6 мая 2009 г." and first.find("a").text == "Пресс-конференция Лаврова"
    assert latest.find("./p/a").get("href") == "/ru/feed.xml"


def test_the_newest_first_timeline_is_the_same_list_the_other_way_round(busy_site):
    built(busy_site)
    oldest, newest = listed(busy_site, "index.html"), listed(busy_site, "newest/index.html")
    assert len(oldest) == 43 and newest == oldest[::-1]
    years = [h.get("id") for h in document(busy_site, "newest/index.html").iterfind(".//h2[@class='year-heading']")]
    assert years == ["year-2011", "year-2009", "year-2008"]
    # One list for search engines: the other order names the timeline as canonical and is not in the sitemap.
    assert canonical(busy_site, "newest/index.html") == canonical(busy_site, "index.html") == "https://example.org/"
    sitemap = (busy_site.output / "sitemap.xml").read_text()
    assert "https://example.org/</loc>" in sitemap and "newest" not in sitemap
    for page, current in (("index.html", "oldest"), ("newest/index.html", "newest")):
        switch = document(busy_site, page).find(".//p[@id='order']")
        links = {link.get("data-order"): link for link in switch.iterfind("a")}
        assert (links["oldest"].get("href"), links["newest"].get("href")) == ("/", "/newest/")
        assert [o for o, link in links.items() if link.get("aria-current")] == [current]


def test_year_pages_come_in_both_orders_and_link_the_years_that_have_events(site):
    for year, count in ((2001, 3), (2005, 5)):
        for day in range(1, count + 1):
            site.event(f"{year}-03-0{day}-e{day}", title=f"Event {year} {day}", date=f"{year}-03-0{day}")
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\nevents_per_page: 3\n")
    built(site)
    year = document(site, "years/2005/index.html")
    assert [(a.get("rel"), a.get("href")) for a in year.iterfind(".//nav[@class='year-pager']//a")] == [
        ("prev", "/years/2001/"), ("next", "/years/2008/")]  # 2002-2004 and 2006-2007 have no events
    newest = document(site, "years/2005/newest/index.html")
    assert [(a.get("rel"), a.get("href")) for a in newest.iterfind(".//nav[@class='year-pager']//a")] == [
        ("prev", "/years/2001/newest/"), ("next", "/years/2008/newest/")]
    both = listed(site, "years/2005/index.html", ".//ol[@class='events']/li") + \
        listed(site, "years/2005/page/2/index.html", ".//ol[@class='events']/li")
    reversed_ = listed(site, "years/2005/newest/index.html", ".//ol[@class='events']/li") + \
        listed(site, "years/2005/newest/page/2/index.html", ".//ol[@class='events']/li")
    assert len(both) == 5 and reversed_ == both[::-1]
    assert canonical(site, "years/2005/newest/page/2/index.html") == "https://example.org/years/2005/"


def test_a_split_timeline_lists_its_milestones_newest_first_on_the_other_page(site):
    site.write("site.yaml", "title: T\nbase_url: https://example.org/\ntimeline_split_at: 2\n")
    for day in range(1, 5):
        site.event(f"2010-01-0{day}-milestone", title=f"Milestone {day}", date=f"2010-01-0{day}", extra="milestone: true")
    built(site)
    selector = ".//section[@aria-labelledby='milestones-heading']/ol/li"
    oldest, newest = listed(site, "index.html", selector), listed(site, "newest/index.html", selector)
    assert len(oldest) == 5 and newest == oldest[::-1]
    # The year list leads to the year pages in the order the reader chose.
    assert document(site, "newest/index.html").find(".//nav[@class='year-nav']//a").get("href") == "/years/2008/newest/"


def test_newest_is_a_url_family_of_its_own():
    assert urls.in_order(urls.HOME, "newest") == "newest/" and urls.in_order(urls.HOME, "oldest") == ""
    assert urls.in_order(urls.year(2009), "newest") == "years/2009/newest/"
    assert "newest" in urls.RESERVED_PAGE_SLUGS
