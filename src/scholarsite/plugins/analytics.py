"""al_analytics and al_cookie: the analytics providers' snippets, and the consent that
holds them back.

``{% al_analytics_scripts %}`` writes the snippet of each provider the site configures:
Google Analytics (gtag), Cronitor RUM, Pirsch and OpenPanel, from v1's ``analytics:``
block (``analytics.google: G-…``; academicpages' ``analytics.google.tracking_id`` too)
or al-folio v0's ``enable_google_analytics`` + ``google_analytics`` pairs. With
``enable_cookie_consent: true`` every snippet is written inert (``type="text/plain"
data-category="analytics"``) and runs only once the reader accepts analytics cookies in
the banner that ``{% al_cookie_scripts %}`` adds (the theme's ``consent.js``); a
refusal is remembered and nothing is loaded. ``{% al_cookie_styles %}`` is there for
templates that call it: the banner brings its own styles.
"""

from __future__ import annotations

import json
from markupsafe import escape

from scholarsite.liquid.filters import ruby_to_s
from scholarsite.liquid.tags import output_tag
from scholarsite.plugins.registry import Plugin, offer_to_theme

PROVIDERS = ("google", "cronitor", "pirsch", "openpanel")


def provider_ids(config: dict) -> dict[str, str]:
    """Provider -> the site's id with it, for each provider the site turns on."""
    found = {}
    block = config.get("analytics")
    for provider in PROVIDERS:
        value = block.get(provider) if isinstance(block, dict) else None
        if isinstance(value, dict):  # academicpages: analytics.google.tracking_id
            value = value.get("tracking_id")
        if not value and config.get(f"enable_{provider}_analytics") is True:
            value = config.get(f"{provider}_analytics")
        if ruby_to_s(value).strip():
            found[provider] = ruby_to_s(value).strip()
    return found


def consent_required(config: dict) -> bool:
    return config.get("enable_cookie_consent") is True


def script(gated: bool, src: str = "", code: str = "", flags: str = "",
           **attributes: str) -> str:
    """A <script>; ``flags`` are bare attributes ("async defer"), ``attributes`` named
    ones (``data_code`` is ``data-code``)."""
    attrs = ' type="text/plain" data-category="analytics"' if gated else ""
    if src:
        attrs += f' src="{escape(src)}"'
    attrs += "".join(f" {flag}" for flag in flags.split())
    attrs += "".join(f' {name.replace("_", "-")}="{escape(value)}"'
                     for name, value in attributes.items())
    return f"<script{attrs}>{code}</script>"


def snippets(config: dict) -> str:
    ids, gated = provider_ids(config), consent_required(config)
    out = []
    if "google" in ids:
        tag = json.dumps(ids["google"])
        out.append(script(gated, f"https://www.googletagmanager.com/gtag/js?id={ids['google']}",
                          flags="async"))
        out.append(script(gated, code="window.dataLayer=window.dataLayer||[];function gtag()"
                          "{dataLayer.push(arguments)}gtag('js',new Date());"
                          f"gtag('config',{tag});"))
    if "cronitor" in ids:
        out.append(script(gated, "https://rum.cronitor.io/script.js", flags="async"))
        out.append(script(gated, code="window.cronitor=window.cronitor||function(){"
                          "(window.cronitor.q=window.cronitor.q||[]).push(arguments)};"
                          f"cronitor('config',{{clientKey:{json.dumps(ids['cronitor'])}}});"))
    if "pirsch" in ids:
        out.append(script(gated, "https://api.pirsch.io/pa.js", flags="defer", id="pianjs",
                          data_code=ids["pirsch"]))
    if "openpanel" in ids:
        out.append(script(gated, code=f"window.opSiteId={json.dumps(ids['openpanel'])};"))
        out.append(script(gated, "https://openpanel.dev/op1.js", flags="async defer"))
    return "\n".join(out)


def consent_banner(config: dict) -> str:
    if not consent_required(config):
        return ""
    baseurl = ruby_to_s(config.get("baseurl")).rstrip("/")
    return f'<script src="{escape(baseurl)}/assets/js/consent.js" defer></script>'


def offer_snippets(site) -> None:
    offer_to_theme(site, "analytics", "al_analytics.liquid")
    offer_to_theme(site, "cookie_consent", "al_cookie.liquid")


def site_config(render):
    return lambda context: render(context.env.site.config)


TAGS = (output_tag("al_analytics_scripts", site_config(snippets)),
        output_tag("al_cookie_scripts", site_config(consent_banner)),
        output_tag("al_cookie_styles", lambda context: ""))

PLUGIN = Plugin("al_analytics", gems=("al_cookie",), tags=TAGS, generators=(offer_snippets,),
                config=("analytics", "enable_cookie_consent", "enable_google_analytics",
                        "google_analytics"))
