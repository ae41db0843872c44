"""jemoji: shortcodes become emoji in text, not in code, only when the plugin is listed."""

import subprocess
import sys


def build(tmp_path, plugins: str) -> str:
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "_config.yml").write_text(f"title: Emoji\n{plugins}")
    (site / "index.md").write_text("---\n---\nAccepted :tada: and `:tada:` too\n")
    done = subprocess.run([sys.executable, "-m", "scholarsite", "build", "-s", str(site), "--no-cache"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return (site / "_site/index.html").read_text()


def test_shortcodes_become_emoji_outside_code(tmp_path):
    html = build(tmp_path, "plugins: [jemoji]\n")
    assert "Accepted 🎉 and <code" in html
    assert ">:tada:</code>" in html


def test_without_the_plugin_text_is_left_alone(tmp_path):
    assert "Accepted :tada:" in build(tmp_path, "")
