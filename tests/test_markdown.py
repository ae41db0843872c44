"""Tests for the kramdown-dialect Markdown converter.

Every expected string below was produced by real Jekyll 4.3.1 (kramdown 2.4,
kramdown-parser-gfm 1.1, rouge) with Jekyll's default kramdown settings.
"""
import pytest

from scholarsite.markdown import markdown_heading_title, render_markdown

CASES = {
    'header_ids': (
        '# 📖 Educations\n\n## About Me\n\n## About Me\n\n### 1. Intro & Stuff!\n\n## Some *em* `code` [link](http://x.com) text\n\n## Heading {#custom}\n',
        '<h1 id="-educations">📖 Educations</h1>\n\n<h2 id="about-me">About Me</h2>\n\n<h2 id="about-me-1">About Me</h2>\n\n<h3 id="1-intro--stuff">1. Intro &amp; Stuff!</h3>\n\n<h2 id="some-em-code-link-text">Some <em>em</em> <code class="language-plaintext highlighter-rouge">code</code> <a href="http://x.com">link</a> text</h2>\n\n<h2 id="custom">Heading</h2>\n',
    ),
    'header_ial': (
        '# Hello\n{: .cls}\n\n## Heading with id\n{: #hid}\n',
        '<h1 class="cls" id="hello">Hello</h1>\n\n<h2 id="hid">Heading with id</h2>\n',
    ),
    'smart_quotes': (
        'Some "quoted" text and \'single\' it\'s -- dash --- em ... end.\n\n"Hello," she said. \'Tis the 90\'s.\n',
        '<p>Some “quoted” text and ‘single’ it’s – dash — em … end.</p>\n\n<p>“Hello,” she said. ‘Tis the 90’s.</p>\n',
    ),
    'emphasis_code_break': (
        'This is *em* and **strong** and `code` here.  \nNext line with break.\n',
        '<p>This is <em>em</em> and <strong>strong</strong> and <code class="language-plaintext highlighter-rouge">code</code> here.<br />\nNext line with break.</p>\n',
    ),
    'footnotes': (
        'Footnote ref[^1] and another[^note], again[^1].\n\n[^1]: The footnote.\n[^note]: Another *one*.\n',
        '<p>Footnote ref<sup id="fnref:1" role="doc-noteref"><a href="#fn:1" class="footnote" rel="footnote">1</a></sup> and another<sup id="fnref:note" role="doc-noteref"><a href="#fn:note" class="footnote" rel="footnote">2</a></sup>, again<sup id="fnref:1:1" role="doc-noteref"><a href="#fn:1" class="footnote" rel="footnote">1</a></sup>.</p>\n\n<div class="footnotes" role="doc-endnotes">\n  <ol>\n    <li id="fn:1" role="doc-endnote">\n      <p>The footnote.\xa0<a href="#fnref:1" class="reversefootnote" role="doc-backlink">&#8617;</a>\xa0<a href="#fnref:1:1" class="reversefootnote" role="doc-backlink">&#8617;<sup>2</sup></a></p>\n    </li>\n    <li id="fn:note" role="doc-endnote">\n      <p>Another <em>one</em>.\xa0<a href="#fnref:note" class="reversefootnote" role="doc-backlink">&#8617;</a></p>\n    </li>\n  </ol>\n</div>\n',
    ),
    'table': (
        '| a | b | c |\n|---|:-:|--:|\n| 1 | 2 |   |\n',
        '<table>\n  <thead>\n    <tr>\n      <th>a</th>\n      <th style="text-align: center">b</th>\n      <th style="text-align: right">c</th>\n    </tr>\n  </thead>\n  <tbody>\n    <tr>\n      <td>1</td>\n      <td style="text-align: center">2</td>\n      <td style="text-align: right">\xa0</td>\n    </tr>\n  </tbody>\n</table>\n',
    ),
    'strike_autolink': (
        '~~strike~~ and https://example.com and <https://foo.com> and <me@x.com>.\n',
        '<p><del>strike</del> and https://example.com and <a href="https://foo.com">https://foo.com</a> and <a href="mailto:me@x.com">me@x.com</a>.</p>\n',
    ),
    'task_list': (
        '- [ ] task\n- [x] done\n',
        '<ul class="task-list">\n  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" disabled="disabled" />task</li>\n  <li class="task-list-item"><input type="checkbox" class="task-list-item-checkbox" disabled="disabled" checked="checked" />done</li>\n</ul>\n',
    ),
    'block_ial': (
        'A para\n{: .cls #pid key="v"}\n\n* a\n{: .ul-cls}\n\n> quote\n{: .bq}\n\n| a |\n|---|\n| 1 |\n{: .tbl}\n',
        '<p class="cls" id="pid" key="v">A para</p>\n\n<ul class="ul-cls">\n  <li>a</li>\n</ul>\n\n<blockquote class="bq">\n  <p>quote</p>\n</blockquote>\n\n<table class="tbl">\n  <thead>\n    <tr>\n      <th>a</th>\n    </tr>\n  </thead>\n  <tbody>\n    <tr>\n      <td>1</td>\n    </tr>\n  </tbody>\n</table>\n',
    ),
    'span_ial': (
        '[link](http://x.com){: .btn} and *em*{: .x} and ![img](x.png){: width="50%"}\n',
        '<p><a href="http://x.com" class="btn">link</a> and <em class="x">em</em> and <img src="x.png" alt="img" width="50%" /></p>\n',
    ),
    'links_escapes': (
        '[MoP]() and [[TESLA](http://t.com)] and \\* and \\| and [t](http://x.com "Title") and [ref][r].\n\n[r]: http://ref.com\n',
        '<p><a href="">MoP</a> and [<a href="http://t.com">TESLA</a>] and * and | and <a href="http://x.com" title="Title">t</a> and <a href="http://ref.com">ref</a>.</p>\n\n',
    ),
    'math': (
        '$$\na_1 + b_2 * c\n$$\n\nInline $$x_1 + y_2$$ math.\n\n$$\n\\begin{aligned}\na &= b_1 \\\\\nc &= d\n\\end{aligned}\n$$\n\nText before\n$$a_b=c_d$$\ntext after\n',
        '\\[a_1 + b_2 * c\\]\n\n<p>Inline \\(x_1 + y_2\\) math.</p>\n\n\\[\\begin{aligned}\na &amp;= b_1 \\\\\nc &amp;= d\n\\end{aligned}\\]\n\n<p>Text before\n\\(a_b=c_d\\)\ntext after</p>\n',
    ),
    'code_blocks': (
        '```python\ndef f(x):\n    return x + 1\n```\n\n```unknownlang\nfoo\n```\n\n    indented <code>\n\n```\nplain & simple\n```\n',
        '<div class="language-python highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="k">def</span> <span class="nf">f</span><span class="p">(</span><span class="n">x</span><span class="p">):</span>\n    <span class="k">return</span> <span class="n">x</span> <span class="o">+</span> <span class="mi">1</span>\n</code></pre></div></div>\n\n<pre><code class="language-unknownlang">foo\n</code></pre>\n\n<div class="language-plaintext highlighter-rouge"><div class="highlight"><pre class="highlight"><code>indented &lt;code&gt;\n</code></pre></div></div>\n\n<div class="language-plaintext highlighter-rouge"><div class="highlight"><pre class="highlight"><code>plain &amp; simple\n</code></pre></div></div>\n',
    ),
    'code_ial': (
        '```python\nx = 1\n```\n{: .mycode}\n',
        '<div class="language-python mycode highlighter-rouge"><div class="highlight"><pre class="highlight"><code><span class="n">x</span> <span class="o">=</span> <span class="mi">1</span>\n</code></pre></div></div>\n',
    ),
    'raw_inline_html': (
        '<span style="color:red">red</span> and <br/> and <b>bold</b> and <img src=\'b.png\'> and <a href=\'https://x.com\'>X</a>\n',
        '<p><span style="color:red">red</span> and <br /> and <b>bold</b> and <img src="b.png" /> and <a href="https://x.com">X</a></p>\n',
    ),
    'hr_entities': (
        'Entities &copy; &amp; &nbsp; &#8217; &lt;b&gt; a < b & c.\n\n---\n\n***\n',
        '<p>Entities © &amp; \xa0 ’ &lt;b&gt; a &lt; b &amp; c.</p>\n\n<hr />\n\n<hr />\n',
    ),
    'lists': (
        '- item one\n- item two\n  - nested a\n  - nested b\n\n1. first\n\n2. second para\n\n   more para\n\n3. three\n',
        '<ul>\n  <li>item one</li>\n  <li>item two\n    <ul>\n      <li>nested a</li>\n      <li>nested b</li>\n    </ul>\n  </li>\n</ul>\n\n<ol>\n  <li>\n    <p>first</p>\n  </li>\n  <li>\n    <p>second para</p>\n\n    <p>more para</p>\n  </li>\n  <li>\n    <p>three</p>\n  </li>\n</ol>\n',
    ),
    'html_raw_block': (
        '<div class=\'x\'><img src=\'a.png\'><br></div>\n\n<div class="raw">\n*not parsed*\n\nstill raw\n</div>\n\n<!-- a comment -->\n\n<details>\n<summary>S</summary>\n\nHidden **md**\n\n</details>\n',
        '<div class="x"><img src="a.png" /><br /></div>\n\n<div class="raw">\n*not parsed*\n\nstill raw\n</div>\n\n<!-- a comment -->\n\n<details>\n<summary>S</summary>\n\nHidden **md**\n\n</details>\n',
    ),
    'markdown_attr': (
        '<div markdown="1">\n## Inside Head\n\n*parsed* text\n</div>\n\n<span markdown="1">*x*</span>\n\n<p markdown="1">*y*</p>\n',
        '<div>\n  <h2 id="inside-head">Inside Head</h2>\n\n  <p><em>parsed</em> text</p>\n</div>\n\n<p><span><em>x</em></span></p>\n\n<p><em>y</em></p>\n',
    ),
    'paper_box': (
        '<div class=\'paper-box\'><div class=\'paper-box-image\'><div><div class="badge">CVPR 2016</div><img src=\'images/500x300.png\' alt="sym" width="100%"></div></div>\n<div class=\'paper-box-text\' markdown="1">\n\n[Deep Residual Learning](https://openaccess.thecvf.com)\n\n**Kaiming He**, Xiangyu Zhang\n\n[**Project**](https://scholar.google.com) <strong><span class=\'show_paper_citations\' data=\'DhtAFkwAAAAJ:ALROH1vI_8AC\'></span></strong>\n- Academic Pages is a ResNet.\n<!-- comment -->\n</div>\n</div>\n',
        '<div class="paper-box"><div class="paper-box-image"><div><div class="badge">CVPR 2016</div><img src="images/500x300.png" alt="sym" width="100%" /></div></div>\n<div class="paper-box-text">\n\n    <p><a href="https://openaccess.thecvf.com">Deep Residual Learning</a></p>\n\n    <p><strong>Kaiming He</strong>, Xiangyu Zhang</p>\n\n    <p><a href="https://scholar.google.com"><strong>Project</strong></a> <strong><span class="show_paper_citations" data="DhtAFkwAAAAJ:ALROH1vI_8AC"></span></strong></p>\n    <ul>\n      <li>Academic Pages is a ResNet.\n<!-- comment --></li>\n    </ul>\n  </div>\n</div>\n',
    ),
    'deflist': (
        'Term line\n: Definition here\n',
        '<dl>\n  <dt>Term line</dt>\n  <dd>Definition here</dd>\n</dl>\n',
    ),
    'toc': (
        '* TOC\n{:toc}\n\n# One\n\n## Two\n\n# Three\n{: .no_toc}\n',
        '<ul id="markdown-toc">\n  <li><a href="#one" id="markdown-toc-one">One</a>    <ul>\n      <li><a href="#two" id="markdown-toc-two">Two</a></li>\n    </ul>\n  </li>\n</ul>\n\n<h1 id="one">One</h1>\n\n<h2 id="two">Two</h2>\n\n<h1 class="no_toc" id="three">Three</h1>\n',
    ),
    'setext': (
        'Setext\n======\n\nSub\n---\n\n## Trailing ##\n',
        '<h1 id="setext">Setext</h1>\n\n<h2 id="sub">Sub</h2>\n\n<h2 id="trailing">Trailing</h2>\n',
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_jekyll(name):
    src, expected = CASES[name]
    assert render_markdown(src) == expected


def test_config_none_and_empty():
    assert render_markdown("x", None) == render_markdown("x", {}) == "<p>x</p>\n"


def test_auto_ids_off():
    assert render_markdown("## About Me", {"kramdown": {"auto_ids": False}}) == "<h2>About Me</h2>\n"


def test_hard_wrap():
    out = render_markdown("a\nb", {"kramdown": {"hard_wrap": True}})
    assert out == "<p>a<br />\nb</p>\n"


def test_highlighter_none():
    out = render_markdown("```python\nx = 1\n```\n\n`c`", {"highlighter": None})
    assert out == '<pre><code class="language-python">x = 1\n</code></pre>\n\n<p><code>c</code></p>\n'


def test_abbreviations():
    # shapes taken from tests/jekyll_parity/markdown (real Jekyll output)
    out = render_markdown("HTML here, XHTML not.\n\n## HTML\n\n*[HTML]: Hyper Text Markup Language\n")
    abbr = '<abbr title="Hyper Text Markup Language">HTML</abbr>'
    assert out == f'<p>{abbr} here, XHTML not.</p>\n\n<h2 id="html">{abbr}</h2>\n\n'
    assert "<abbr" not in render_markdown("`HTML`\n\n*[HTML]: x\n")
    assert render_markdown("W3C\n\n*[W3C]:\n") == "<p><abbr>W3C</abbr></p>\n\n"


def test_decade_apostrophe():
    out = render_markdown("the '90s and 'quoted'")
    assert out == "<p>the \u201990s and \u2018quoted\u2019</p>\n"


def test_python_rouge_tokens():
    out = render_markdown("```python\nx = 2  # doubled\ns = \"a\"\n```\n")
    assert '<span class="c1"># doubled\n</span>' in out
    assert '<span class="s">"a"</span>' in out
    ruby = render_markdown('```ruby\nputs "x" # c\n```\n')
    assert '<span class="s2">"x"</span> <span class="c1"># c</span>\n' in ruby


def test_single_highlight_module():
    import scholarsite.highlight as hl
    import scholarsite.markdown as md

    assert md._highlight is hl
    out = hl.highlight_block('\nf"a{b}"  # c\n\n', "python")
    assert out.endswith('<span class="c1"># c</span></code></pre></figure>')
    assert '<span class="s">"a</span>' in out
    assert hl.highlight_block("a\nb", "text", True).count("\n") == 4


def test_math_no_emphasis():
    out = render_markdown("$$a_1 * b_2 * c_3$$")
    assert out == "\\[a_1 * b_2 * c_3\\]\n"


def test_heading_title():
    assert markdown_heading_title("intro\n\n## The *Best* `Title`\n\n# Other") == "The Best Title"
    assert markdown_heading_title("no heading") is None


def test_engine_cached():
    from scholarsite.markdown import _engine, _options_key
    assert _engine(_options_key({})) is _engine(_options_key(None))


def test_tab_separated_rows_become_a_table_of_markdown_cells():
    from scholarsite.markdown import render_markdown
    source = ("Intro\n\nEDUCATION\t**UCLA** Ph.D.\tSep 2016 – Jun 2021\n"
              "\t*Peking* B.S.\tSep 2012\t\n\nAfter\n\n    code\twith tab\n    more\ttabs\n")
    html = render_markdown(source)
    assert '<table class="tab-rows" role="presentation">' in html
    assert ("<tr><td>EDUCATION</td><td><strong>UCLA</strong> Ph.D.</td>"
            "<td>Sep 2016 – Jun 2021</td></tr>") in html
    assert "<tr><td></td><td><em>Peking</em> B.S.</td><td>Sep 2012</td></tr>" in html
    assert "<p>After</p>" in html and "code\twith tab" in html  # code keeps its tabs
    plain = render_markdown(source, {"scholarsite": {"tab_tables": False}})
    assert "tab-rows" not in plain
