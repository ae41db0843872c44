"""jekyll-get-json: JSON files as site.data, as al-folio's CV page reads its resume."""

from __future__ import annotations

import json

PAGE = "---\n---\n{{ site.data.resume.basics.name }}|{{ site.data.resume.basics.label }}|" \
       "{{ site.data.resume.work | size }}\n"


def files(config: str, resume: str | None = None) -> dict[str, str]:
    out = {"_config.yml": "plugins: [jekyll-get-json]\n" + config, "index.html": PAGE}
    if resume is not None:
        out["assets/json/resume.json"] = resume
    return out


RESUME = json.dumps({"basics": {"name": "Ada Lovelace", "label": "Analyst"},
                     "work": [{"name": "Engine"}]})
CONFIG = "jekyll_get_json:\n  - data: resume\n    json: assets/json/resume.json\n"


def test_a_json_file_becomes_site_data(build):
    built = build(files(CONFIG, RESUME))
    assert built.page("index.html").strip() == "Ada Lovelace|Analyst|1"


def test_data_already_in_data_keeps_its_values_and_gains_the_rest(build):
    site = files(CONFIG, RESUME)
    site["_data/resume.yml"] = "basics:\n  name: A. Lovelace\n"
    assert build(site).page("index.html").strip() == "A. Lovelace|Analyst|1"


def test_a_url_or_a_broken_file_is_a_warning_and_the_build_goes_on(build):
    remote = build(files("jekyll_get_json:\n  - data: resume\n    json: https://x.org/r.json\n"))
    assert remote.page("index.html").strip() == "||0"
    assert any("https://x.org/r.json is not fetched" in w for w in remote.warnings)
    broken = build(files(CONFIG, '{"basics": {"name": "A",}}'))
    assert any(w.startswith("assets/json/resume.json:1:") and "not valid JSON" in w
               for w in broken.warnings)


def test_without_the_plugin_listed_nothing_is_read(build):
    site = files(CONFIG, RESUME)
    site["_config.yml"] = CONFIG
    assert build(site).page("index.html").strip() == "||0"
