"""al_folio_cv as the bundled theme does it for al-folio v1 sites: RenderCV's _data/cv.yml
(or JSON Resume) as the gem shows it, Experience first, one include per kind of section."""

from __future__ import annotations

import re

CV_YML = """\
cv:
  name: Ada Lovelace
  label: Analyst
  email: ada@example.org
  address:
    city: London
    postalCode: W1
  summary: Writes *programs*.
  sections:
    Education:
      - institution: University of London
        area: Mathematics
        studyType: Private tuition
        location: London
        start_date: 1832-05-01
        end_date: 1835
        highlights:
          - Taught by **De Morgan**
    Experience:
      - company: Analytical Society
        position: Translator
        start_date: 1842
        end_date: present
    Honors and Awards:
      - title: Fellow
        date: 1840-01-01
        awarder: Royal Society
    Skills:
      - name: Mathematics
        keywords: [Bernoulli numbers, Calculus]
    Languages:
      - name: French
        summary: Fluent
    Service:
      - bullet: "Reviewer for *Nature*"
"""
CV_PAGE = "---\nlayout: cv\ntitle: CV\npermalink: /cv/\ncv_format: rendercv\ncv_pdf: /assets/pdf/cv.pdf\n---\n"


def text(html: str) -> str:
    """The main element's words; inline elements do not split them."""
    body = html.split("<main", 1)[1].split(">", 1)[1].split("</main>", 1)[0]
    body = re.sub(r"</?(em|strong|a|span|code|time)\b[^>]*>", "", body)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def v1_site(**extra: str) -> dict[str, str]:
    return {"_config.yml": "title: Ada\ntheme: al_folio_core\n", "_data/cv.yml": CV_YML,
            "cv.md": CV_PAGE, "assets/pdf/cv.pdf": "%PDF-1.4\n", **extra}


def test_sections_and_wording_of_al_folios_cv(build):
    page = text(build(v1_site()).page("cv/index.html"))
    assert ("Contact Information Name Ada Lovelace Professional Title Analyst "
            "Email ada@example.org Location London, W1") in page
    assert "Professional Summary Writes programs." in page
    order = [page.index(t) for t in ("Experience", "Education", "Honors and Awards", "Skills",
                                     "Languages", "Service")]
    assert order == sorted(order)  # Experience first, the others in the file's order
    assert "1842 - present Translator Analytical Society" in page
    assert "1832 - 1835 London Private tuition University of London Mathematics Taught by De Morgan" in page
    assert "1840 Fellow Royal Society" in page
    assert "Mathematics: Bernoulli numbers, Calculus" in page
    assert "French : Fluent" in page and "Reviewer for Nature" in page
    assert "Download PDF" not in page  # the PDF is an icon link, as in al-folio


def test_json_resume_when_the_page_asks(build):
    resume = ('{"basics": {"name": "Ada L.", "label": "Analyst"}, "work": [{"name": "Society",'
              ' "position": "Translator", "startDate": "1842-01-01"}], "education": []}')
    files = v1_site(**{"_data/resume.json": resume,
                       "cv.md": CV_PAGE.replace("rendercv", "jsonresume")})
    page = text(build(files).page("cv/index.html"))
    assert "Name Ada L." in page and "Experience 1842 - Present Translator Society" in page
    assert "Education" not in page  # an empty part has no section


def test_a_site_replaces_one_kind_of_section(build):
    files = v1_site(**{"_includes/cv/awards.liquid":
                       "{% for e in entries %}<p>AWARD {{ e.title }}</p>{% endfor %}"})
    page = text(build(files).page("cv/index.html"))
    assert "AWARD Fellow" in page and "Translator" in page


def test_a_site_replaces_the_whole_cv(build):
    files = v1_site(**{"_includes/cv/render.liquid":
                       "{% assign entries = site.data.cv.cv.sections.Experience %}"
                       "<div>MINE</div>{% include cv/experience.liquid %}"})
    page = text(build(files).page("cv/index.html"))
    assert "MINE 1842 - present Translator" in page and "Contact Information" not in page


def test_sites_that_are_not_al_folio_v1_keep_the_themes_cv(build):
    files = v1_site()
    files["_config.yml"] = "title: Ada\n"
    page = text(build(files).page("cv/index.html"))
    assert "Contact Information" not in page and "Download PDF" in page


MORE_CV = """\
cv:
  name: Ada Lovelace
  sections:
    Education:
      - institution: University of London
        studyType: Tuition
        start_date: 1832
        end_date: 1835?
        summary: Not shown in the education list
        courses: "Thesis: Bernoulli numbers"
        highlights:
          - With De Morgan
      - institution: Home
        studyType: Lessons
        start_date: 1820
        courses: [Geometry, Music]
    Teaching:
      - company: Royal Institution
        position: Lecturer
        start_date: 1840
      - A plain line of teaching
"""


def test_courses_dates_and_entries_of_no_known_kind(build):
    page = text(build(v1_site(**{"_data/cv.yml": MORE_CV})).page("cv/index.html"))
    assert ("1832 - 1835? Tuition University of London Thesis: Bernoulli numbers With De Morgan"
            in page)
    assert "1820 - Present Lessons Home Geometry Music" in page
    assert "Not shown" not in page
    # A section of no known kind shows its plain lines; an entry with fields is left out,
    # never printed as a dump of its keys.
    assert "Teaching A plain line of teaching" in page
    assert "Lecturer" not in page and "=>" not in page and "company" not in page


def test_experience_lists_the_latest_job_first_by_end_date(build):
    """The file lists jobs in any order; the gem shows the ones going on first, then by end
    date; jobs that end together (or go on) stay in the file's order."""
    jobs = """    Experience:
      - company: Early Firm
        position: Clerk
        start_date: 1830
        end_date: 1832-06
      - company: Long Post
        position: Scholar
        start_date: 1828-09
        end_date: 1841-07
      - company: Short Post
        position: Assistant
        start_date: 1840-01
        end_date: 1841-03
      - company: Analytical Society
        position: Translator
        start_date: 1842
      - company: Same End
        position: Reader
        start_date: 1839
        end_date: 1841-07
"""
    cv = CV_YML.replace("""    Experience:
      - company: Analytical Society
        position: Translator
        start_date: 1842
        end_date: present
""", jobs)
    page = text(build(v1_site(**{"_data/cv.yml": cv})).page("cv/index.html"))
    order = [page.index(name) for name in ("Analytical Society", "Long Post", "Same End",
                                           "Short Post", "Early Firm")]
    assert order == sorted(order), page
    assert "1842 - Present Translator" in page

    # al_folio_cv 1.0.0 showed them as written: a site that pins it keeps that order
    lock = "GEM\n  specs:\n    al_folio_cv (1.0.0)\n      jekyll (>= 3.9)\n"
    for pin in ({"Gemfile.lock": lock}, {"Gemfile": "gem 'al_folio_cv', '= 1.0.0'\n"}):
        page = text(build(v1_site(**{"_data/cv.yml": cv, **pin})).page("cv/index.html"))
        order = [page.index(name) for name in ("Early Firm", "Long Post", "Short Post",
                                               "Analytical Society", "Same End")]
        assert order == sorted(order), (pin, page)
