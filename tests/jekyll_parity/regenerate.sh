#!/bin/sh
# Regenerate the committed expected output of every fixture site with REAL Jekyll.
# Requires Jekyll 4.3.1 (Debian package `jekyll`; Sass via ruby-jekyll-sass-converter
# 2.2.0 + sassc/libsass 3.6.5; plugins from ruby-jekyll-redirect-from, ruby-jekyll-toc,
# ruby-jekyll-paginate, ruby-jekyll-paginate-v2 and ruby-jekyll-archives).
# The test suite itself never runs Ruby.
set -eu
cd "$(dirname "$0")"
for site in */; do
    site=${site%/}
    [ -d "$site/src" ] || continue
    rm -rf "$site/expected"
    (cd "$site" && TZ=UTC jekyll build --quiet --disable-disk-cache -s src -d expected)
    rm -rf "$site/src/.jekyll-cache" "$site/src/.jekyll-metadata"
    # Files whose content depends on the build time would be deleted here
    # (and listed in TIME_DEPENDENT in tests/test_jekyll_parity.py). None so far.
done
