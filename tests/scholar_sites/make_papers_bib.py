"""Write tests/scholar_sites/papers/_bibliography/papers.bib (run once; the output is checked in).

The first part is written by hand for the constructs of the issue (macros, month macros,
crossref, '#', nested braces, accents, von/jr names, equal-contribution marks, every al-folio
field, malformed entries); the rest is generated with a fixed pattern so that the file has
well over 200 entries.  Every valid entry has a distinct (year, month) so that the order of
a year/month sort does not depend on how ties are broken.

Also writes papers.manifest.json: the valid keys, and the line of every malformed entry.
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent / "papers" / "_bibliography"

HAND = r"""---
---
% Test bibliography for scholarsite (hand-written part).
@string{nips = "Advances in Neural Information Processing Systems"}
@STRING{ICML = {International Conference on Machine Learning}}
@String(pre = "Proceedings of the ")
@string{jmlr = {Journal of Machine Learning Research}}

@article{lovelace2024accents,
  author = {Lovelace, Ada and M{\"u}ller, J{\"o}rg and Ren\'{e} Descartes and {\'E}mile Zola and Dvo\v{r}\'ak, Anton{\'\i}n and {\O}stergaard, S{\o}ren and Gau{\ss}, Carl and Erd\H{o}s, Paul and Fran\c{c}ois Truffaut and \L{}ukasz Kaiser},
  title = {The {DNA} of {\LaTeX}: Accents \& Dashes -- a~study},
  journal = jmlr,
  volume = {25},
  number = {3},
  pages = {1--42},
  year = {2024},
  month = dec,
  abbr = {JMLR},
  selected = {true},
  bibtex_show = {true},
  abstract = {We study {\"u}mlauts and \emph{emphasis}.},
  pdf = {accents.pdf},
  doi = {10.1000/accents.2024},
}

@inproceedings{lovelace2024concat,
  author = {Lovelace*, Ada and Babbage*, Charles and Turing{\textdagger}, Alan},
  title = {{{A}ll {Y}ou {N}eed} is {BERT}},
  booktitle = pre # icml # " 2024",
  year = 2024,
  month = {November},
  abbr = {ICML},
  bibtex_show = {true},
  code = {https://github.com/example/concat},
}

@proceedings{neurips2023proc,
  title = nips # { 36},
  booktitle = nips # { 36},
  publisher = {Curran Associates},
  year = {2023},
  month = 10,
}

@inproceedings{lovelace2023crossref,
  author = {Lovelace, Ada and de la Fontaine, Jean and van der Waals, Johannes and King, Jr., Martin and Ludwig van Beethoven},
  title = {Inheritance by Crossref},
  crossref = {neurips2023proc},
  month = sep,
  abbr = {NeurIPS},
}

@article{lovelace2023alfolio,
  author = {Lovelace, Ada and Hopper, Grace},
  title = {Every al-folio Field},
  journal = {Journal of Fields},
  year = {2023},
  month = aug,
  abbr = {JoF},
  selected = {true},
  preview = {fields.png},
  award = {Best paper award at the Conference of Fields.},
  award_name = {Best Paper},
  abstract = {An abstract that the Abs toggle shows.},
  bibtex_show = {true},
  pdf = {https://example.org/fields.pdf},
  supp = {fields-supp.pdf},
  code = {https://github.com/example/fields},
  html = {https://example.org/fields},
  website = {https://fields.example.org},
  blog = {https://blog.example.org/fields},
  slides = {fields-slides.pdf},
  poster = {fields-poster.pdf},
  video = {https://www.youtube.com/watch?v=fields},
  arxiv = {2301.00001},
  doi = {10.1000/fields},
  additional_info = {. Oral presentation (top 1\%)},
  annotation = {* equal contribution},
  google_scholar_id = {qyhmnyLat1gC},
  altmetric = {248277},
  dimensions = {true},
}

@phdthesis{lovelace2005thesis,
  author = {Lovelace, Ada},
  title = {On the Analytical Engine},
  school = {University of London},
  year = {2005},
  month = jun,
}

% ---- malformed entries: each one is reported with its line and skipped ----
@article{broken_unclosed,
  author = {Nobody, Jane},
  title = {Unclosed brace,
  year = {2022},

@article{,
  title = {No key at all},
  year = {2022},
}

@inproceedings{broken_nocomma,
  title = {Missing comma} author = {Nobody, Jane},
  year = {2022},
}

@misc{broken_keycomma title = {No comma after the key}, year = {2022}}

@article{broken_quote,
  title = "Unterminated quote,
  year = {2022},
}

@article{lovelace2005thesis,
  title = {A duplicate key},
  year = {2005},
}

@article{broken_concat,
  title = {Dangling} #,
  year = {2022},
}
"""

FIRST = ["Alice", "Bruno", "Chen", "Dmitri", "Eva", "Farah", "Gustavo", "Hiro", "Ines", "Jonas"]
LAST = [r"Andr{\'e}", r"B{\"o}hm", "Chen", r"Dvo{\v{r}}{\'a}k", "Evans", r"Fern{\'a}ndez",
        r"Gar{\c{c}}on", "Hughes", r"Ib{\'a}{\~n}ez", "Jensen"]
VENUES = [("article", "journal", "Journal of Synthetic Results", "JSR"),
          ("inproceedings", "booktitle", "NIPS_MACRO", "NeurIPS"),
          ("inproceedings", "booktitle", "ICML_MACRO", "ICML"),
          ("misc", "howpublished", "arXiv preprint", None),
          ("techreport", "institution", "Institute of Examples", None),
          ("book", "publisher", "Example Press", None)]
MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
TAKEN = {(2024, 12), (2024, 11), (2023, 10), (2023, 9), (2023, 8), (2005, 6)}


def generated(count: int) -> list[str]:
    out = []
    slots = [(y, m) for y in range(2024, 2005, -1) for m in range(12, 0, -1)
             if (y, m) not in TAKEN]
    for i in range(count):
        year, month = slots[i]
        kind, field, venue, abbr = VENUES[i % len(VENUES)]
        a1 = f"{LAST[i % 10]}, {FIRST[(i * 3) % 10]}"
        a2 = f"{LAST[(i + 3) % 10]}, {FIRST[(i * 7 + 1) % 10]}"
        authors = [a1, a2]
        if i % 3 == 0:
            authors.insert(i % 2, "Lovelace, Ada")
        if i % 5 == 0:
            authors.append("Lovelace, Augusta")  # same last name, other first name: not the owner
        value = venue
        if venue == "NIPS_MACRO":
            value = None
            venue_line = f"  {field} = nips,"
        elif venue == "ICML_MACRO":
            value = None
            venue_line = f"  {field} = pre # icml,"
        else:
            venue_line = f"  {field} = {{{value}}},"
        month_line = f"  month = {MONTHS[month - 1]}," if i % 4 else f"  month = {{{month}}},"
        lines = [f"@{kind}{{gen{i:03d},",
                 f"  author = {{{' and '.join(authors)}}},",
                 f"  title = {{Generated Result Number {i} on {{GPU}} Scaling}},",
                 venue_line,
                 f"  year = {{{year}}},",
                 month_line]
        if abbr and i % 2 == 0:
            lines.append(f"  abbr = {{{abbr}}},")
        if i % 6 == 0:
            lines.append("  bibtex_show = {true},")
        if i % 8 == 0:
            lines.append(f"  abstract = {{Abstract of generated entry {i}.}},")
        if i % 10 == 0:
            lines.append(f"  arxiv = {{2001.{i:05d}}},")
        if i % 12 == 0:
            lines.append("  selected = {true},")
        lines.append("}")
        out.append("\n".join(lines))
    return out


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    text = HAND + "\n" + "\n\n".join(generated(200)) + "\n"
    (HERE / "papers.bib").write_text(text, encoding="utf-8")
    lines = text.split("\n")
    malformed = {}
    # The line each warning names: the entry's, or the field at fault where one is.
    field_offset = {"@article{broken_unclosed": 2, "@inproceedings{broken_nocomma": 1,
                    "@article{broken_concat": 1}
    for n, line in enumerate(lines, 1):
        for marker in ("@article{broken_unclosed", "@article{,", "@inproceedings{broken_nocomma",
                       "@misc{broken_keycomma", "@article{broken_quote", "@article{broken_concat"):
            if line.startswith(marker):
                malformed[marker] = n + field_offset.get(marker, 0)
        if line.startswith("@article{lovelace2005thesis"):
            malformed["duplicate lovelace2005thesis"] = n
    valid = ["lovelace2024accents", "lovelace2024concat", "neurips2023proc",
             "lovelace2023crossref", "lovelace2023alfolio", "lovelace2005thesis"]
    valid += [f"gen{i:03d}" for i in range(200)]
    manifest = {"valid": valid, "malformed_lines": malformed}
    (HERE.parent.parent / "papers.manifest.json").write_text(json.dumps(manifest, indent=1) + "\n")


if __name__ == "__main__":
    main()
