"""jemoji: shortcodes become emoji in text, not in code, only when the plugin is listed."""

import subprocess
import sys


def build(tmp_path, plugins: str, layout: bool = False) -> str:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    if layout:
        (site / "_layouts").mkdir(exist_ok=True)
        (site / "_layouts/default.html").write_text("<body>{{ content }}</body>\n")
    (site / "_config.yml").write_text(f"title: Emoji\n{plugins}")
    (site / "index.md").write_text("---\nlayout: default\n---\nAccepted :tada: and `:tada:` "
                                   "too, :heart: :not_an_emoji:\n")
    done = subprocess.run([sys.executable, "-m", "scholarsite", "build", "-s", str(site), "--no-cache"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return (site / "_site/index.html").read_text()


def test_shortcodes_become_emoji_outside_code(tmp_path):
    html = build(tmp_path, "plugins: [jemoji]\n")
    assert "Accepted 🎉 and <code" in html
    assert ">:tada:</code>" in html


def test_a_site_with_its_own_layouts_gets_githubs_images_as_jemoji_writes_them(tmp_path):
    html = build(tmp_path, "plugins: [jemoji]\n", layout=True)
    # as in the published al-folio sites; gemoji's file names leave out U+FE0F
    assert ('Accepted <img class="emoji" title=":tada:" alt=":tada:" src="https://github.'
            'githubassets.com/images/icons/emoji/unicode/1f389.png" height="20" width="20">'
            in html)
    assert "/unicode/2764.png" in html and ":not_an_emoji:" in html
    assert ">:tada:</code>" in html


def test_without_the_plugin_text_is_left_alone(tmp_path):
    assert "Accepted :tada:" in build(tmp_path, "")
