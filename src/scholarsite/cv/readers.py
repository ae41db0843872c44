"""Read a CV from the site: RenderCV's ``_data/cv.yml`` (a ``cv:`` mapping), JSON Resume
(``assets/json/resume.json`` or ``_data/resume.json``), or al-folio's older
``_data/cv.yml`` (a list of ``title:``/``type:`` sections)."""

from __future__ import annotations

import json
from pathlib import Path

from scholarsite.cv.model import CV, Section, entry_kind

class CVError(ValueError):
    """A CV file that cannot be read: the message, the file and the line."""

    def __init__(self, message: str, path: str, line: int | None = None):
        super().__init__(message)
        self.path, self.line = path, line


JSON_RESUME_PATHS = ("assets/json/resume.json", "_data/resume.json")
SOCIAL_URLS = {"linkedin": "https://linkedin.com/in/{}", "github": "https://github.com/{}",
               "gitlab": "https://gitlab.com/{}", "orcid": "https://orcid.org/{}",
               "researchgate": "https://researchgate.net/profile/{}",
               "googlescholar": "https://scholar.google.com/citations?user={}",
               "x": "https://x.com/{}", "twitter": "https://x.com/{}",
               "bluesky": "https://bsky.app/profile/{}", "youtube": "https://youtube.com/@{}",
               "stackoverflow": "https://stackoverflow.com/users/{}",
               "instagram": "https://instagram.com/{}", "mastodon": ""}


def social_url(network: str, username: str) -> str:
    if "://" in username:
        return username
    key = network.lower().replace(" ", "")
    if key == "mastodon" and username.count("@") == 2:  # @user@host
        user, host = username.lstrip("@").split("@", 1)
        return f"https://{host}/@{user}"
    template = SOCIAL_URLS.get(key, "")
    return template.format(username) if template else ""


def text(value) -> str:
    return "" if value is None else str(value).strip()


SMALL_WORDS = {"a", "an", "and", "of", "the", "in", "on", "for", "to", "at", "by", "with"}


def section_title(key: str) -> str:
    """RenderCV's section keys are titles: ``selected_honors`` is "Selected Honors"; a key
    written with capitals stays as written."""
    words = str(key).replace("_", " ").split()
    if any(c.isupper() for c in str(key)):
        return " ".join(words)
    return " ".join(w if i and w in SMALL_WORDS else w[:1].upper() + w[1:]
                    for i, w in enumerate(words))


def from_rendercv(data: dict, source: str = "") -> CV:
    """RenderCV's schema: ``cv: {name, headline|label, location, email, phone, website,
    social_networks: [{network, username}], sections: {TITLE: [entries]}}``."""
    cv_data = data.get("cv") if isinstance(data.get("cv"), dict) else data
    cv = CV(name=text(cv_data.get("name")), label=text(cv_data.get("headline")
                                                       or cv_data.get("label")),
            location=text(cv_data.get("location")), email=text(cv_data.get("email")),
            phone=text(cv_data.get("phone")), website=text(cv_data.get("website")),
            photo=text(cv_data.get("photo")), source=source)
    for network in cv_data.get("social_networks") or []:
        if isinstance(network, dict) and network.get("network") and network.get("username"):
            name, user = text(network["network"]), text(network["username"])
            cv.social.append({"network": name, "username": user, "url": social_url(name, user)})
    sections = cv_data.get("sections") or {}
    for title, entries in sections.items() if isinstance(sections, dict) else ():
        if isinstance(entries, dict) and entries.get("from_bibliography"):
            cv.sections.append(Section(section_title(title), "publication",
                                       [{"from_bibliography": text(entries["from_bibliography"])}]))
            continue
        if not isinstance(entries, list):
            entries = [entries]
        kinds = [entry_kind(e) for e in entries]
        kind = kinds[0] if kinds else "text"
        cv.sections.append(Section(section_title(title), kind,
                                   [e if isinstance(e, dict) else {"text": text(e)}
                                    for e in entries if e is not None]))
    return cv


def from_json_resume(data: dict, source: str = "") -> CV:
    """JSON Resume (https://jsonresume.org/schema): basics and its sections."""
    basics = data.get("basics") if isinstance(data.get("basics"), dict) else {}
    where = basics.get("location") if isinstance(basics.get("location"), dict) else {}
    cv = CV(name=text(basics.get("name")), label=text(basics.get("label")),
            email=text(basics.get("email")), phone=text(basics.get("phone")),
            website=text(basics.get("url") or basics.get("website")),
            photo=text(basics.get("image") or basics.get("picture")),
            summary=text(basics.get("summary")),
            location=", ".join(text(where.get(k)) for k in ("city", "region", "countryCode")
                               if text(where.get(k))), source=source)
    for profile in basics.get("profiles") or []:
        if isinstance(profile, dict) and profile.get("network"):
            name, user = text(profile["network"]), text(profile.get("username"))
            cv.social.append({"network": name, "username": user,
                              "url": text(profile.get("url")) or social_url(name, user)})

    def rows(name: str) -> list[dict]:
        return [r for r in data.get(name) or [] if isinstance(r, dict)]

    def dated(row: dict, **fields) -> dict:
        entry = {k: v for k, v in fields.items() if v not in (None, "", [])}
        entry["start_date"], entry["end_date"] = row.get("startDate"), row.get("endDate")
        if row.get("startDate") and not row.get("endDate"):
            entry["end_date"] = "present"
        if row.get("date") or row.get("releaseDate"):
            entry["date"] = row.get("date") or row.get("releaseDate")
        return {k: v for k, v in entry.items() if v not in (None, "")}

    sections = [
        ("Experience", "experience", [dated(r, company=text(r.get("name") or r.get("company")),
                                            position=text(r.get("position")),
                                            location=text(r.get("location")),
                                            summary=text(r.get("summary")),
                                            highlights=r.get("highlights") or [])
                                      for r in rows("work")]),
        ("Education", "education", [dated(r, institution=text(r.get("institution")),
                                          area=text(r.get("area")),
                                          degree=text(r.get("studyType")),
                                          summary=text(r.get("score")) and
                                          f"Score: {text(r.get('score'))}",
                                          highlights=r.get("courses") or [])
                                    for r in rows("education")]),
        ("Volunteering", "experience", [dated(r, company=text(r.get("organization")),
                                              position=text(r.get("position")),
                                              summary=text(r.get("summary")),
                                              highlights=r.get("highlights") or [])
                                        for r in rows("volunteer")]),
        ("Projects", "normal", [dated(r, name=text(r.get("name")),
                                      summary=text(r.get("description")),
                                      highlights=r.get("highlights") or [])
                                for r in rows("projects")]),
        ("Awards", "normal", [dated(r, name=text(r.get("title")),
                                    location=text(r.get("awarder")),
                                    summary=text(r.get("summary"))) for r in rows("awards")]),
        ("Certificates", "normal", [dated(r, name=text(r.get("name")),
                                          location=text(r.get("issuer")))
                                    for r in rows("certificates")]),
        ("Publications", "publication", [dated(r, title=text(r.get("name")), authors=[],
                                               journal=text(r.get("publisher")),
                                               url=text(r.get("url")),
                                               summary=text(r.get("summary")))
                                         for r in rows("publications")]),
        ("Skills", "one-line", [{"label": text(r.get("name")),
                                 "details": ", ".join(text(k) for k in r.get("keywords") or [])
                                 or text(r.get("level"))} for r in rows("skills")]),
        ("Languages", "one-line", [{"label": text(r.get("language")),
                                    "details": text(r.get("fluency"))}
                                   for r in rows("languages")]),
        ("Interests", "one-line", [{"label": text(r.get("name")),
                                    "details": ", ".join(text(k) for k in r.get("keywords")
                                                         or [])} for r in rows("interests")]),
        ("References", "normal", [{"name": text(r.get("name")),
                                   "summary": text(r.get("reference"))}
                                  for r in rows("references")]),
    ]
    if cv.summary:
        cv.sections.append(Section("Summary", "text", [{"text": cv.summary}]))
    cv.sections += [Section(title, kind, entries) for title, kind, entries in sections if entries]
    return cv


def from_alfolio_list(data: list, source: str = "") -> CV:
    """al-folio's first CV format: ``- title: ..., type: map|list|nested_list|time_table,
    contents: [...]``."""
    cv = CV(source=source)
    for block in data:
        if not isinstance(block, dict):
            continue
        title, kind, contents = text(block.get("title")), block.get("type"), \
            block.get("contents") or []
        if kind == "map":
            rows = [r for r in contents if isinstance(r, dict)]
            names = {text(r.get("name")).lower(): text(r.get("value")) for r in rows}
            cv.name = cv.name or names.get("name", "")
            cv.email = cv.email or names.get("email", "")
            entries = [{"label": text(r.get("name")), "details": text(r.get("value"))}
                       for r in rows]
            cv.sections.append(Section(title, "one-line", entries))
        elif kind == "list":
            cv.sections.append(Section(title, "bullet", [{"bullet": text(i)} for i in contents]))
        elif kind == "nested_list":
            cv.sections.append(Section(title, "normal", [
                {"name": text(i.get("title")), "highlights": [text(x) for x in i.get("items")
                                                              or []]}
                for i in contents if isinstance(i, dict)]))
        elif kind == "time_table":
            entries = []
            for item in contents:
                if not isinstance(item, dict):
                    continue
                highlights = []
                for line in item.get("description") or []:
                    if isinstance(line, dict):
                        highlights.append(text(line.get("title")))
                        highlights += [text(c) for c in line.get("contents") or []]
                    else:
                        highlights.append(text(line))
                entries.append({"name": text(item.get("title")), "date": text(item.get("year")),
                                "summary": text(item.get("institution")),
                                "location": text(item.get("location")),
                                "highlights": highlights})
            cv.sections.append(Section(title, "normal", entries))
    return cv


def read(source: Path, data: dict, cv_format: str = "") -> CV | None:
    """The site's CV: ``cv_format`` (al-folio's page key) picks ``rendercv`` or
    ``jsonresume``; without it, RenderCV's or al-folio's _data/cv.yml, else JSON Resume."""
    cv_data = data.get("cv")
    if cv_format != "jsonresume":
        if isinstance(cv_data, dict) and isinstance(cv_data.get("cv", cv_data), dict) \
                and (cv_data.get("cv") or cv_data.get("sections")):
            return from_rendercv(cv_data, "_data/cv.yml")
        if isinstance(cv_data, list) and cv_format != "rendercv":
            return from_alfolio_list(cv_data, "_data/cv.yml")
    if isinstance(data.get("resume"), dict):
        return from_json_resume(data["resume"], "_data/resume.json")
    for rel in JSON_RESUME_PATHS:
        path = source / rel
        if path.is_file():
            try:
                resume = json.loads(path.read_text(encoding="utf-8-sig"))
            except UnicodeDecodeError:
                raise CVError("not valid UTF-8", rel) from None
            except ValueError as exc:
                raise CVError(f"not valid JSON ({exc.msg})", rel, getattr(exc, "lineno", None)) \
                    from None
            if isinstance(resume, dict):
                return from_json_resume(resume, rel)
    return None

