"""The layouts and includes al-folio v1 content names, from the bundled theme: course
(with its schedule) and courses.liquid, book-shelf and book-review, profiles, distill,
none, video/audio, calendar and the repository cards."""

from __future__ import annotations

import re

CONFIG = ("title: Ada\ntheme: al_folio_core\ncollections:\n  teachings:\n    output: true\n"
          "  books:\n    output: true\n")
COURSE = """\
---
layout: course
title: Analytical Engines
year: 2024
term: Fall
instructor: Ada Lovelace
location: Room 1
time: Mon 10:00
description: Notes on the engine.
schedule:
  - week: 1
    date: Sep 2
    topic: Bernoulli numbers
    description: The *first* program.
    materials:
      - name: Slides
        url: /assets/pdf/w1.pdf
      - name: Paper
        url: https://example.org/p.pdf
      - name: Handout
---
Welcome to the course.
"""


def test_course_page_and_course_list(build):
    files = {"_config.yml": CONFIG, "_teachings/engines.md": COURSE,
             "_teachings/older.md": "---\nlayout: course\ntitle: Looms\nyear: 2023\nterm: Spring\n---\nx\n",
             "teaching.md": "---\nlayout: page\ntitle: teaching\n---\n{% include courses.liquid %}\n"}
    built = build(files)
    page = built.page("teachings/engines.html")
    text = re.sub(r"<[^>]+>", " ", page)
    for fact in ("Instructor", "Ada Lovelace", "Room 1", "Mon 10:00", "Welcome to the course",
                 "Schedule", "Bernoulli numbers", "Sep 2"):
        assert fact in text
    assert "<em>first</em>" in page
    assert 'href="/assets/pdf/w1.pdf"' in page and 'href="https://example.org/p.pdf"' in page
    assert "<li>Handout</li>" in page
    listing = built.page("teaching.html")
    assert listing.index(">2024<") < listing.index(">2023<")  # newest year first
    assert 'href="/teachings/engines.html">Analytical Engines</a>' in listing
    # term and instructor are two words of the text, not "FallAda"
    assert re.search(r'course-term">[^<]+</span> <span class="course-instructor">', listing)
    assert "Notes on the engine." in listing


def test_courses_include_without_courses(build):
    # al-folio writes nothing then (a published teaching page with no _teachings/ is empty)
    built = build({"_config.yml": "title: A\n",
                   "t.md": "---\nlayout: page\n---\nBefore.\n{% include courses.liquid %}\n"})
    page = built.page("t.html")
    assert "Before." in page and "course" not in page.split("Before.")[1].split("</main>")[0]


BOOK = "---\nlayout: book-review\ntitle: {title}\ndate: {date}\nstatus: {status}\n{extra}---\n{body}\n"


def test_book_shelf_groups_by_year_with_status_and_reviews(build):
    files = {
        "_config.yml": CONFIG,
        "_books/a.md": BOOK.format(title="Middlemarch", date="2024-03-01", status="finished",
                                   extra="isbn: 9780141439549\nstars: 4.5\nauthor: George Eliot\n",
                                   body="A *fine* book."),
        "_books/b.md": BOOK.format(title="Emma", date="2023-05-01", status="Reading ",
                                   extra="cover: assets/img/emma.jpg\n", body=""),
        "_books/c.md": BOOK.format(title="Odd", date="2023-01-01", status="lost", extra="", body="x"),
        "books.md": "---\nlayout: book-shelf\ntitle: books\ncollection: books\n---\nMy shelf.\n",
    }
    built = build(files)
    shelf = built.page("books.html")
    assert "My shelf." in shelf
    assert shelf.index('id="y2024"') < shelf.index('id="y2023"')
    assert shelf.count('id="y2023"') == 1  # one heading for the year's two books
    assert "covers.openlibrary.org/b/isbn/9780141439549-L.jpg" in shelf
    assert 'src="/assets/img/emma.jpg"' in shelf
    assert ">FINISHED<" in shelf and ">READING<" in shelf and ">UNCATEGORIZED<" in shelf
    review = built.page("books/a.html")
    assert "Middlemarch" in review and "George Eliot" in review and "<em>fine</em>" in review
    assert 'aria-label="4.5 out of 5 stars"' in review and review.count("★") == 4
    assert ">READING<" in built.page("books/b.html")  # no review: its status instead


def test_profiles_layout_takes_each_profiles_text(build):
    files = {"_config.yml": "title: A\n",
             "_pages/people.md": "---\nlayout: profiles\ntitle: people\npermalink: /people/\n"
                                 "profiles:\n  - image: ada.jpg\n    content: ada.md\n"
                                 "    more_info: <p>Room 1</p>\n    align: left\n"
                                 "  - image: bab.jpg\n    content: bab.md\n---\n",
             "_pages/ada.md": "Ada **wrote** the notes.\n",
             "_pages/bab.md": "Charles built the engine.\n",
             "_config.yml": "title: A\ninclude: [_pages]\n"}
    page = build(files).page("people/index.html")
    assert "Ada <strong>wrote</strong> the notes." in page
    assert "Charles built the engine." in page
    assert 'src="/assets/img/ada.jpg"' in page and "profile-left" in page and "Room 1" in page


def test_none_layout_is_the_content_alone(build):
    page = build({"_config.yml": "title: A\n",
                  "raw.html": "---\nlayout: none\n---\n<svg>x</svg>\n"}).page("raw.html")
    assert page == "<svg>x</svg>\n"


def test_distill_layout_shows_authors_and_contents(build):
    post = ("---\nlayout: distill\ntitle: Engines\ndescription: On engines\ndate: 2024-01-02\n"
            "authors:\n  - name: Ada Lovelace\n    url: https://ada.example\n"
            "    affiliations:\n      name: Analytical Society\n"
            "toc:\n  - name: Introduction\n    subsections:\n      - name: History\n---\n"
            "## Introduction\n\ntext <d-cite key=\"x\"></d-cite>\n")
    page = build({"_config.yml": "title: A\n", "_posts/2024-01-02-engines.md": post}) \
        .page("2024/01/02/engines.html")
    assert '<a href="https://ada.example">Ada Lovelace</a>' in page
    assert "Analytical Society" in page and "On engines" in page
    assert 'href="#introduction">Introduction</a>' in page and 'href="#history"' in page
    assert '<d-cite key="x"></d-cite>' in page


def test_video_audio_calendar_and_repository_includes(build):
    body = ("{% include video.liquid path=\"assets/video/a.mp4\" class=\"img-fluid\" controls=true "
            "caption=\"A clip\" %}\n"
            "{% include video.liquid path=\"https://www.youtube.com/embed/abc\" height=\"300\" %}\n"
            "{% include audio.liquid path=\"assets/audio/a.mp3\" controls=true %}\n"
            "{% include calendar.liquid calendar_id='x@group.calendar.google.com' timezone='Asia/Tokyo' %}\n"
            "{% include repository/repo.liquid repository=\"ada/engine\" %}\n"
            "{% include repository/repo_user.liquid username=\"ada\" %}\n"
            "{% include repository/repo_trophies.liquid username=\"ada\" %}\n")
    page = build({"_config.yml": "title: A\nbaseurl: /b\nrepo_theme_light: default\n"
                                 "repo_theme_dark: dark\n",
                  "_data/repositories.yml": "github_users: [ada]\n",
                  "m.html": "---\nlayout: page\n---\n" + body}).page("m.html")
    assert '<video src="/b/assets/video/a.mp4" class="img-fluid" controls' in page
    assert "A clip" in page
    assert '<iframe src="https://www.youtube.com/embed/abc"' in page and 'height="300"' in page
    assert '<audio src="/b/assets/audio/a.mp3" controls' in page
    assert "src=x%40group.calendar.google.com&amp;ctz=Asia%2FTokyo" in page
    assert "api/pin/?username=ada&amp;repo=engine&amp;show_owner=false" in page
    assert "theme=default" in page and "theme=dark" in page
    assert "github-readme-stats.vercel.app/api/?username=ada" in page
    assert "github-profile-trophy.vercel.app/?username=ada" in page


def test_a_post_says_when_it_was_last_modified(build):
    post = ("---\nlayout: post\ntitle: Charts\ndate: 2024-01-27 00:20:00\n"
            "last_modified_at: 2024-04-14 04:30:00\n---\nText.\n")
    built = build({"_config.yml": "title: A\ntheme: al_folio_core\n",
                   "_posts/2024-01-27-charts.md": post})
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", built.page("2024/01/27/charts.html")))
    assert "Created on January 27, 2024 , last updated on April 14, 2024" in text
