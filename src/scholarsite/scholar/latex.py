"""LaTeX as found in BibTeX fields, turned into Unicode (and a little HTML).

A single pass over the text with a small hand-written scanner: accents
(``{\\"u}``, ``\\'{e}``, ``\\'e``, ``\\c c``), special letters (``\\ss``,
``\\o``, ``\\i``), escaped characters (``\\&``), dashes and ties, the font
commands jekyll-scholar's default ``bibtex_filters`` turn into HTML
(``\\textit``, ``\\emph``, ``\\textbf``, ``\\textsc``, ``\\textsuperscript``).
Braces are dropped, so protected capitals (``{DNA}``) keep their case; math
(``$...$``) is left as it is for MathJax.

In HTML mode the result is HTML: the field's own text is escaped (``<``, ``>``, ``&``,
``"``), and only the markup made from those font commands is markup. A ``.bib`` file
is often someone else's export, so ``<script>`` in a title must show as text.
"""

from __future__ import annotations

import re
import unicodedata

# Combining characters for the accent commands.
ACCENTS = {
    '"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
    "=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b",
    "c": "\u0327", "d": "\u0323", "b": "\u0331", "r": "\u030a", "k": "\u0328",
    "t": "\u0361",
}
SYMBOL_ACCENTS = set('"\'`^~=.')
LETTERS = {
    "ss": "ß", "SS": "SS", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ",
    "oe": "œ", "OE": "Œ", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð",
    "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "dj": "đ", "DJ": "Đ",
    "copyright": "©", "textregistered": "®", "texttrademark": "™", "pounds": "£",
    "S": "§", "P": "¶", "dag": "†", "ddag": "‡", "textdagger": "†", "textdaggerdbl": "‡",
    "dots": "…", "ldots": "…", "textellipsis": "…", "textendash": "–", "textemdash": "—",
    "textquoteleft": "‘", "textquoteright": "’", "textquotedblleft": "“",
    "textquotedblright": "”", "guillemotleft": "«", "guillemotright": "»",
    "textasciitilde": "~", "textbackslash": "\\", "textbar": "|", "textless": "<",
    "textgreater": ">", "textunderscore": "_", "textdegree": "°", "euro": "€",
    "LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX", "textperiodcentered": "·",
    "textexclamdown": "¡", "textquestiondown": "¿", "quad": "\u2003", "qquad": "\u2003\u2003",
    "relax": "", "noopsort": "", "par": " ", "newline": " ", "textasteriskcentered": "∗",
}
# Math macros jekyll-scholar's ``latex`` filter (the latex-decode gem) turns into Unicode,
# inside ``$...$`` as outside; ``\Delta`` is the increment sign there, as in the gem.
MATH_SYMBOLS = dict(pair.split(" ") for pair in """\
forall ∀|exists ∃|nexists ∄|complement ∁|partial ∂|set ∅|Delta ∆|nabla ∇|in ∈|notin ∉|ni ∋
prod ∏|coprod ∐|sum ∑|mp ∓|dotplus ∔|setminus ∖|ast ∗|circ ∘|bullet ∙|surd √|propto ∝
infty ∞|angle ∠|measuredangle ∡|sphericalangle ∢|mid ∣|nmid ∤|parallel ∥|nparallel ∦
wedge ∧|vee ∨|cap ∩|cup ∪|int ∫|iint ∬|iiint ∭|oint ∮|therefore ∴|because ∵|sim ∼
backsim ∽|wr ≀|nsim ≁|simeq ≃|cong ≅|ncong ≇|approx ≈|approxeq ≊|asymp ≍|Bumpeq ≎
bumpeq ≏|doteq ≐|doteqdot ≑|fallingdotseq ≒|risingdotseq ≓|eqcirc ≖|circeq ≗|triangleq ≜
neq ≠|equiv ≡|leq ≤|geq ≥|leqq ≦|geqq ≧|lneqq ≨|gneqq ≩|ll ≪|gg ≫|between ≬|nless ≮
ngtr ≯|nleq ≰|ngeq ≱|lesssim ≲|gtrsim ≳|lessgtr ≶|gtrless ≷|prec ≺|succ ≻|preccurlyeq ≼
succcurlyeq ≽|precsim ≾|succsim ≿|nprec ⊀|nsucc ⊁|subset ⊂|supset ⊃|subseteq ⊆|supseteq ⊇
nsubseteq ⊈|nsupseteq ⊉|subsetneq ⊊|supsetneq ⊋|uplus ⊎|sqsubset ⊏|sqsupset ⊐
sqsubseteq ⊑|sqsupseteq ⊒|sqcap ⊓|sqcup ⊔|oplus ⊕|ominus ⊖|otimes ⊗|oslash ⊘|odot ⊙
circledcirc ⊚|circledast ⊛|circleddash ⊝|boxplus ⊞|boxminus ⊟|boxtimes ⊠|boxdot ⊡
vdash ⊢|dashv ⊣|top ⊤|bot ⊥|Vdash ⊩|Vvdash ⊪|nVdash ⊮|lhd ⊲|rhd ⊳|unlhd ⊴|unrhd ⊵
multimap ⊸|intercal ⊺|veebar ⊻|barwedge ⊼|bigwedge ⋀|bigvee ⋁|bigcap ⋂|bigcup ⋃
diamond ⋄|cdot ⋅|star ⋆|divideontimes ⋇|bowtie ⋈|ltimes ⋉|rtimes ⋊|leftthreetimes ⋋
rightthreetimes ⋌|backsimeq ⋍|curlyvee ⋎|curlywedge ⋏|Subset ⋐|Supset ⋑|Cap ⋒|Cup ⋓
pitchfork ⋔|lessdot ⋖|gtrdot ⋗|lll ⋘|ggg ⋙|lesseqgtr ⋚|gtreqless ⋛|curlyeqprec ⋞
curlyeqsucc ⋟|lnsim ⋦|gnsim ⋧|precnsim ⋨|succnsim ⋩|ntriangleleft ⋪|ntriangleright ⋫
ntrianglelefteq ⋬|ntrianglerighteq ⋭|vdots ⋮|cdots ⋯|ddots ⋱|lceil ⌈|rceil ⌉|lfloor ⌊
rfloor ⌋|Box □|spadesuit ♠|heartsuit ♡|diamondsuit ♢|clubsuit ♣|flat ♭|natural ♮
sharp ♯|leftarrow ←|uparrow ↑|rightarrow →|downarrow ↓|leftrightarrow ↔|updownarrow ↕
leadsto ↝|rightleftharpoons ⇌|Rightarrow ⇒|Leftrightarrow ⇔|alpha α|beta β|gamma γ
delta δ|epsilon ε|zeta ζ|eta η|theta θ|iota ι|kappa κ|lambda λ|mu μ|nu ν|xi ξ|rho ρ
sigma σ|tau τ|upsilon υ|phi φ|chi χ|psi ψ|omega ω|Gamma Γ|Theta Θ|Lambda Λ|Xi Ξ|Sigma Σ
Upsilon Υ|Phi Φ|Psi Ψ|Omega Ω""".replace("\n", "|").split("|"))
# A macro is one of those only as a whole word: ``\Delta_0`` is left as it is (``_`` is a
# word character to the gem's regular expressions), ``\leq j`` swallows the space.
_MATH_MACRO = re.compile(r"\\([A-Za-z]+)(?:\{\}|[ \t\n]+|\b)")
_MATH_BRACES = re.compile(r"(?<!\\)[{}]+")


def decode_math(text: str) -> str:
    """The inside of ``$...$`` as jekyll-scholar's ``latex`` filter publishes it: the
    dollars gone, known macros as Unicode, other macros kept, braces dropped."""
    text = _MATH_MACRO.sub(lambda m: MATH_SYMBOLS.get(m.group(1), m.group(0)), text)
    return _MATH_BRACES.sub("", text).replace("\\{", "{").replace("\\}", "}")


# In HTML mode these letters are written as entities (the rest of the text is escaped first).
HTML_LETTERS = {"textless": "&lt;", "textgreater": "&gt;"}
ESCAPES = {"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}",
           " ": " ", ",": "\u2009", ";": "\u2002", "!": "", "-": "", "/": "", "@": "",
           "\\": " "}
# Commands whose argument becomes HTML (jekyll-scholar's italics/smallcaps/superscript filters).
HTML_COMMANDS = {
    "textit": ("<i>", "</i>"), "emph": ("<i>", "</i>"), "textsl": ("<i>", "</i>"),
    "it": ("<i>", "</i>"), "em": ("<i>", "</i>"),
    "textbf": ("<b>", "</b>"), "bf": ("<b>", "</b>"),
    "textsc": ('<span style="font-variant: small-caps">', "</span>"),
    "sc": ('<span style="font-variant: small-caps">', "</span>"),
    "textsuperscript": ("<sup>", "</sup>"), "textsubscript": ("<sub>", "</sub>"),
}
# Commands that just keep their argument.
PASS_COMMANDS = {"textrm", "textsf", "texttt", "textup", "textnormal", "mbox", "text",
                 "textmd", "url", "href", "MakeUppercase", "MakeLowercase", "uppercase",
                 "lowercase", "ensuremath", "hbox", "protect", "bibinfo", "NoCaseChange"}

_NEEDS_WORK = re.compile(r"[\\{}~$]|--|``|''|!`|\?`")
_SPACE = re.compile(r"[ \t\r\n]+")
# After the scan every "<" left is the start of a tag the scanner wrote.
_TAG_OR_QUOTE = re.compile(r'<[^>]*>|"')


def _accent(base: str, mark: str) -> str:
    if base in ("ı", "i") and mark != "\u0327":
        base = "i"
    elif base in ("ȷ",):
        base = "j"
    if not base:
        return unicodedata.normalize("NFC", " " + mark).strip() or mark
    return unicodedata.normalize("NFC", base[0] + mark) + base[1:]


def brace_group_end(text: str, i: int) -> int:
    """Index just past the ``{group}`` starting at ``text[i]``; -1 if it never closes.

    A backslash escapes the next character, so ``\\{`` does not open a group."""
    depth, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


class _Scanner:
    __slots__ = ("text", "pos", "html", "decode")

    def __init__(self, text: str, html: bool, decode: bool = False):
        self.text = text
        self.pos = 0
        self.html = html
        self.decode = decode  # as jekyll-scholar's latex filter (see to_unicode)

    def group(self) -> str:
        """Read one argument: a {group} or one character (after spaces); return it converted."""
        text, n = self.text, len(self.text)
        while self.pos < n and text[self.pos] in " \t\n":
            self.pos += 1
        if self.pos >= n:
            return ""
        if text[self.pos] == "{":
            start, end = self.pos, brace_group_end(text, self.pos)
            i = end - 1 if end != -1 else n  # an unclosed group runs to the end
            inner = text[start + 1:i]
            self.pos = i + 1
            return _Scanner(inner, self.html, self.decode).run()
        if text[self.pos] == "\\":
            # an argument that is itself a command, e.g. \'\i
            end = self.pos + 1
            while end < n and text[end].isalpha():
                end += 1
            if end == self.pos + 1:
                end += 1
            inner = text[self.pos:end]
            self.pos = end
            return _Scanner(inner, self.html, self.decode).run()
        c = text[self.pos]
        self.pos += 1
        return c

    def run(self) -> str:
        text, n = self.text, len(self.text)
        out: list[str] = []
        append = out.append
        while self.pos < n:
            c = text[self.pos]
            if c == "\\":
                self.pos += 1
                if self.pos >= n:
                    break
                c2 = text[self.pos]
                if c2.isalpha():
                    end = self.pos
                    while end < n and text[end].isalpha():
                        end += 1
                    name = text[self.pos:end]
                    self.pos = end
                    if name in ACCENTS and len(name) == 1:
                        append(_accent(self.group(), ACCENTS[name]))
                        continue
                    # a control word swallows the spaces after it
                    while self.pos < n and text[self.pos] in " \t\n":
                        self.pos += 1
                    if name in LETTERS:
                        if self.text.startswith("{}", self.pos):
                            self.pos += 2
                        append(HTML_LETTERS.get(name, LETTERS[name]) if self.html else LETTERS[name])
                    elif name in HTML_COMMANDS:
                        if self.pos < n and text[self.pos] == "{":
                            inner = self.group()
                            if self.html:
                                start, end_tag = HTML_COMMANDS[name]
                                append(start + inner + end_tag)
                            else:
                                append(inner)
                    elif self.decode and name in MATH_SYMBOLS:
                        if self.text.startswith("{}", self.pos):
                            self.pos += 2
                        append(MATH_SYMBOLS[name])
                    elif name in PASS_COMMANDS:
                        if self.pos < n and text[self.pos] == "{":
                            arg = self.group()
                            if name == "href":  # \href{url}{text}: keep the text
                                arg = self.group()
                            append(arg)
                    else:
                        append(name if name[:1].isupper() else "")
                else:
                    self.pos += 1
                    if c2 in SYMBOL_ACCENTS:
                        append(_accent(self.group(), ACCENTS[c2]))
                    else:
                        append(ESCAPES.get(c2, c2))
            elif c == "{" or c == "}":
                self.pos += 1
            elif c == "~":
                append("\u00a0")
                self.pos += 1
            elif c == "-" and text.startswith("---", self.pos):
                append("—")
                self.pos += 3
            elif c == "-" and text.startswith("--", self.pos):
                append("–")
                self.pos += 2
            elif c == "`" and text.startswith("``", self.pos):
                append("“")
                self.pos += 2
            elif c == "'" and text.startswith("''", self.pos):
                append("”")
                self.pos += 2
            elif c == "'" and self.decode:
                append("’")
                self.pos += 1
            elif c == "`" and self.decode:
                append("‘")
                self.pos += 1
            elif c == "$":
                end = text.find("$", self.pos + 1)
                if end < 0:
                    append("$")
                    self.pos += 1
                elif self.decode:
                    append(decode_math(text[self.pos + 1:end]))
                    self.pos = end + 1
                else:
                    append(text[self.pos:end + 1])
                    self.pos = end + 1
            else:
                # copy a run of ordinary characters at once
                end = self.pos + 1
                while end < n and text[end] not in "\\{}~-`'$":
                    end += 1
                append(text[self.pos:end])
                self.pos = end
        return "".join(out)


def to_unicode(text: str, html: bool = True, decode: bool = False) -> str:
    """Convert a BibTeX field value written in LaTeX into Unicode text.

    With ``html`` the result is HTML: the text is escaped and the font commands become
    ``<i>``, ``<b>``, ``<sup>``...; without, it is plain text with only the commands'
    text kept (for meta tags and JSON-LD, which escape it where they write it).
    With ``decode``, also what jekyll-scholar's ``latex`` filter (the latex-decode gem)
    does beyond that: ``$...$`` loses its dollars and its macros become Unicode (see
    :func:`decode_math`), math macros outside it too, and quotes curl (``'`` is ’).
    """
    if not text:
        return ""
    if html:
        # ``"`` cannot be escaped yet: it is also the umlaut command (``\\"u``).
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if _NEEDS_WORK.search(text) or (decode and ("'" in text or "`" in text)):
        text = _Scanner(text, html, decode).run()
    if html:
        text = _TAG_OR_QUOTE.sub(lambda m: "&quot;" if m.group(0) == '"' else m.group(0), text)
    return _SPACE.sub(" ", text).strip()


def strip_accents(text: str) -> str:
    """``Müller`` -> ``Muller``, like al-folio's remove_accents filter (used for coauthor keys)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(
        str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss", "æ": "ae", "Æ": "AE",
                       "œ": "oe", "Œ": "OE", "đ": "d", "Đ": "D", "ı": "i"}))
