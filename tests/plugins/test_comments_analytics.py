"""al_comments (giscus, Disqus), al_analytics (the providers' snippets) and al_cookie (the
consent that holds them back), in the bundled theme and as tags a site's own template calls."""

from __future__ import annotations

import json
import re

POST = "---\nlayout: post\ntitle: Hello\n{extra}---\nText.\n"
GISCUS = ("giscus:\n  repo: ada/site\n  repo_id: R_1\n  category: Comments\n  category_id: C_2\n"
          "  mapping: title\n  strict: 0\n  reactions_enabled: 1\n  input_position: bottom\n"
          "  dark_theme: dark_dimmed\n  lang: en\n")


def post(build, config: str, extra: str) -> str:
    built = build({"_config.yml": "title: A\n" + config,
                   "_posts/2024-01-01-hello.md": POST.format(extra=extra)})
    return built.page("2024/01/01/hello.html")


def giscus_attributes(html: str) -> dict:
    return json.loads(re.search(r"var a=(\{.*?\}),t=", html).group(1))


def test_giscus_thread_on_a_post_that_asks(build):
    html = post(build, GISCUS, "giscus_comments: true\n")
    attributes = giscus_attributes(html)
    assert attributes["data-repo"] == "ada/site" and attributes["data-repo-id"] == "R_1"
    assert attributes["data-category-id"] == "C_2" and attributes["data-mapping"] == "title"
    assert attributes["data-reactions-enabled"] == "1" and attributes["src"] == "https://giscus.app/client.js"
    assert '"dark": "dark_dimmed"' in html and '"light": "light"' in html
    assert "comments powered by giscus" in html


def test_no_thread_unless_the_page_asks(build):
    assert "giscus_thread" not in post(build, GISCUS, "")
    assert "giscus_thread" not in post(build, GISCUS, "giscus_comments: false\n")


def test_giscus_without_repository_is_a_visible_notice(build):
    html = post(build, "", "giscus_comments: yes\n")
    assert "giscus comments misconfigured" in html and "giscus.app/client.js" not in html
    assert "Missing required keys: <code>repo, repo_id, category, category_id</code>" in html


def test_giscus_missing_ids_are_named(build):
    html = post(build, "giscus:\n  repo: ada/site\n  category: Comments\n", "giscus_comments: true\n")
    assert "Missing required keys: <code>repo_id, category_id</code>" in html
    assert "giscus.app/client.js" not in html


def test_disqus_thread(build):
    html = post(build, "disqus_shortname: adasite\n", "disqus_comments: true\n")
    assert '"shortname": "adasite"' in html and '"title": "Hello"' in html
    assert ".disqus.com/embed.js" in html


def test_values_cannot_close_the_script(build):
    html = post(build, "giscus:\n  repo: \"a/b</script><img src=x onerror=alert(1)>\"\n"
                "  repo_id: R\n  category: C\n  category_id: D\n",
                "giscus_comments: true\n")
    assert "</script><img" not in html and "<\\/script><img" in html


def test_analytics_snippets_from_v1_and_v0_keys(build):
    built = build({"_config.yml": "title: A\nanalytics:\n  google: G-ABC123\n  pirsch: pk1\n"
                                  "enable_cronitor_analytics: true\ncronitor_analytics: cr9\n"
                                  "openpanel_analytics: ignored-without-enable\n",
                   "index.md": "---\nlayout: page\n---\nx\n"})
    html = built.page("index.html")
    head = html.split("</head>", 1)[0]
    assert '<script src="https://www.googletagmanager.com/gtag/js?id=G-ABC123" async></script>' in head
    assert "gtag('config',\"G-ABC123\")" in head
    assert "clientKey:\"cr9\"" in head
    assert 'src="https://api.pirsch.io/pa.js" defer id="pianjs" data-code="pk1"' in head
    assert "openpanel" not in head
    assert 'data-category="analytics"' not in html and "consent.js" not in html


def test_no_analytics_configured_writes_nothing(build):
    html = build({"_config.yml": "title: A\n", "index.md": "---\nlayout: page\n---\nx\n"}).page("index.html")
    assert "<script" not in html.split("theme.js", 1)[1].split("</head>", 1)[0]


def test_own_template_calls_the_tags(build):
    built = build({"_config.yml": "title: A\nanalytics:\n  openpanel: op-1\nenable_cookie_consent: true\n",
                   "_layouts/mine.html": "<head>{% al_cookie_styles %}{% al_analytics_scripts %}</head>"
                                         "{{ content }}{% al_cookie_scripts %}",
                   "index.html": "---\nlayout: mine\n---\nx\n"})
    html = built.page("index.html")
    assert '<script type="text/plain" data-category="analytics">window.opSiteId="op-1";</script>' in html
    assert '<script src="/assets/js/consent.js" defer></script>' in html


CONSENT_SITE = {
    "_config.yml": "title: A\nenable_cookie_consent: true\nanalytics:\n  google: G-XYZ\n",
    "index.md": "---\nlayout: page\n---\nHello\n",
}


def open_with_google_stubbed(chromium, url: str):
    """A page at url whose requests to Google's tag server are answered empty and noted."""
    requests = []
    context = chromium.new_context()
    context.route("https://www.googletagmanager.com/**",
                  lambda route: (requests.append(route.request.url), route.fulfill(body="")))
    page = context.new_page()
    page.goto(url)
    return context, page, requests


def test_consent_banner_runs_analytics_only_after_accept(build, chromium, serve_folder):
    built = build(CONSENT_SITE)
    assert 'type="text/plain" data-category="analytics"' in built.page("index.html")
    context, page, requests = open_with_google_stubbed(chromium, serve_folder(built.dest) + "/")
    banner = page.get_by_role("region", name="Cookie consent")
    assert banner.is_visible() and requests == []
    assert page.evaluate("typeof window.gtag") == "undefined"
    page.get_by_role("button", name="Accept").click()
    page.wait_for_function("typeof window.gtag === 'function'")
    assert not banner.is_visible()
    page.wait_for_timeout(200)
    assert any("gtag/js?id=G-XYZ" in r for r in requests)
    page.reload()  # accepted once: no banner, the snippets run at once
    assert page.get_by_role("region", name="Cookie consent").count() == 0
    page.wait_for_function("typeof window.gtag === 'function'")
    context.close()


def test_consent_declined_loads_nothing(build, chromium, serve_folder):
    built = build(CONSENT_SITE)
    context, page, requests = open_with_google_stubbed(chromium, serve_folder(built.dest) + "/")
    page.get_by_role("button", name="Decline").click()
    page.reload()
    page.wait_for_timeout(300)
    assert page.get_by_role("region", name="Cookie consent").count() == 0
    assert requests == [] and page.evaluate("typeof window.gtag") == "undefined"
    context.close()
